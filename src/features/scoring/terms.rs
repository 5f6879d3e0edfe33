//! Equivalent terms: Chinese synonyms and the English/Chinese names of the
//! same computer-science concept, so that "持久化" in a reference and
//! "persistence" in an answer are one point.
//!
//! Source: the standard Chinese names of these concepts as used in the
//! Chinese editions of common textbooks (CLRS《算法导论》, CSAPP《深入理解
//! 计算机系统》, 《数据库系统概念》) and the titles of the matching Chinese
//! Wikipedia articles; each group lists the canonical name first. Entries are
//! single words as jieba cuts them (English ones are stemmed when the table
//! is built, so plurals and verb forms match too). `skills.rs`'s aliases are
//! not used here: they group topics (线程池 under 高并发), they are not synonyms.

use std::collections::HashMap;
use std::sync::LazyLock;

const GROUPS: &[&[&str]] = &[
    &["持久化", "persistence", "persist", "persistent"],
    &["索引", "index", "indexes", "indices"],
    &["缓存", "cache", "caching", "cached"],
    &["线程", "thread", "threads"],
    &["进程", "process", "processes"],
    &["协程", "coroutine"],
    &["锁", "lock", "locks", "locking"],
    &["死锁", "deadlock"],
    &["事务", "transaction"],
    &["内存", "memory", "ram"],
    &["过滤器", "filter"],
    &["队列", "queue"],
    &["栈", "stack", "堆栈"],
    &["堆", "heap"],
    &["哈希", "hash", "散列", "hashing"],
    &["哈希表", "hashtable", "hashmap", "散列表"],
    &["树", "tree"],
    &["节点", "node", "结点"],
    &["链表", "linked"],
    &["数组", "array"],
    &["指针", "pointer"],
    &["引用", "reference"],
    &["对象", "object"],
    &["类", "class"],
    &["接口", "interface"],
    &["继承", "inheritance", "inherit"],
    &["多态", "polymorphism"],
    &["封装", "encapsulation", "encapsulate"],
    &["抽象", "abstraction", "abstract"],
    &["闭包", "closure"],
    &["原型", "prototype"],
    &["作用域", "scope"],
    &["异步", "asynchronous", "async"],
    &["同步", "synchronous", "sync", "synchronization"],
    &["回调", "callback"],
    &["事件", "event"],
    &["循环", "loop"],
    &["渲染", "render", "rendering"],
    &["浏览器", "browser"],
    &["组件", "component"],
    &["状态", "state"],
    &["网络", "network"],
    &["协议", "protocol"],
    &["握手", "handshake"],
    &["连接", "connection", "connect"],
    &["端口", "port"],
    &["服务器", "server", "服务端"],
    &["客户端", "client"],
    &["请求", "request"],
    &["响应", "response", "respond"],
    &["数据库", "database", "db"],
    &["查询", "query"],
    &["表", "table"],
    &["行", "row", "rows"],
    &["列", "column"],
    &["扫描", "scan", "scanning"],
    &["结构", "structure"],
    &["空间", "space"],
    &["键", "key"],
    &["值", "value"],
    &["过期", "expire", "expiration", "expiry", "失效"],
    &["淘汰", "eviction", "evict"],
    &["并发", "concurrency", "concurrent"],
    &["并行", "parallel", "parallelism"],
    &["一致性", "consistency", "consistent"],
    &["可用性", "availability", "available"],
    &["分区", "partition"],
    &["复制", "replication", "replica", "副本"],
    &["集群", "cluster"],
    &["分片", "shard", "sharding"],
    &["延迟", "latency", "延时"],
    &["吞吐量", "throughput"],
    &["负载均衡", "balancer", "balancing"],
    &["递归", "recursion", "recursive"],
    &["迭代", "iteration", "iterate", "iterative"],
    &["排序", "sort", "sorting"],
    &["算法", "algorithm"],
    &["复杂度", "complexity"],
    &["编译", "compile", "compiler", "compilation"],
    &["解释器", "interpreter"],
    &["垃圾回收", "gc", "garbage"],
    &["虚拟机", "vm", "jvm"],
    &["容器", "container"],
    &["镜像"],
    &["日志", "log", "logging", "logs"],
    &["快照", "snapshot"],
    &["重写", "rewrite"],
    &["备份", "backup"],
    &["恢复", "recovery", "recover", "restore"],
    &["故障", "failure", "fault", "失败"],
    &["宕机", "crash", "崩溃", "挂掉"],
    &["权限", "permission", "privilege"],
    &["认证", "authentication", "鉴权"],
    &["授权", "authorization", "authorize"],
    &["加密", "encryption", "encrypt"],
    &["签名", "signature"],
    &["证书", "certificate"],
    &["文件", "file"],
    &["目录", "directory", "folder"],
    &["变量", "variable"],
    &["函数", "function"],
    &["参数", "parameter", "argument"],
    &["返回值", "return"],
    &["异常", "exception"],
    &["错误", "error"],
    &["调度", "schedule", "scheduler", "scheduling"],
    &["消息", "message"],
    &["主题", "topic"],
    &["消费者", "consumer"],
    &["生产者", "producer"],
    &["订阅", "subscribe", "subscription"],
    &["发布", "publish"],
    &["路由", "route", "routing", "router"],
    &["模型", "model"],
    &["训练", "train", "training"],
    &["特征", "feature"],
    &["样本", "sample"],
    &["过拟合", "overfitting", "overfit"],
    &["梯度", "gradient"],
    &["损失", "loss"],
    &["权重", "weight"],
    &["性能", "performance"],
    &["优化", "optimization", "optimize", "optimise"],
    &["安全", "security", "secure"],
    &["漏洞", "vulnerability"],
    &["注入", "injection", "inject"],
    &["跨域", "cors"],
    &["部署", "deploy", "deployment"],
    &["监控", "monitor", "monitoring"],
    &["版本", "version"],
    &["分支", "branch"],
    &["合并", "merge"],
    &["提交", "commit"],
    &["测试", "test", "testing"],
    &["内核", "kernel"],
    &["系统调用", "syscall"],
    &["信号", "signal"],
    &["管道", "pipe"],
    &["套接字", "socket"],
    &["虚拟内存", "swap", "交换"],
    &["分页", "paging", "page", "页"],
    &["磁盘", "disk"],
    &["读", "read", "读取"],
    &["写", "write", "写入"],
    &["删除", "delete", "remove"],
    &["更新", "update"],
    &["插入", "insert"],
    &["隔离", "isolation", "isolate"],
    &["原子性", "atomicity", "atomic"],
    &["持久性", "durability", "durable"],
    &["主键", "primary"],
    &["外键", "foreign"],
    &["视图", "view"],
    &["存储", "storage", "store"],
    &["引擎", "engine"],
    &["单例", "singleton"],
    &["代理", "proxy"],
    &["装饰器", "decorator"],
    &["观察者", "observer"],
    &["工厂", "factory"],
    &["依赖注入", "di"],
    &["反射", "reflection"],
    &["泛型", "generic", "generics"],
    &["注解", "annotation"],
    &["序列化", "serialization", "serialize"],
    &["反序列化", "deserialization", "deserialize"],
];

static MAP: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut m = HashMap::new();
    for group in GROUPS {
        let canonical = group[0];
        for w in group.iter() {
            let key = if w.is_ascii() { stemmer.stem(&w.to_lowercase()).into_owned() } else { (*w).to_owned() };
            m.entry(key).or_insert(canonical);
        }
    }
    m
});

/// The canonical term for `word` (a jieba word or a stemmed English word):
/// the first name of its group, or the word itself.
pub fn canonical(word: &str) -> String {
    MAP.get(word).map_or_else(|| word.to_owned(), |c| (*c).to_owned())
}

/// Whether `word` (a Chinese word, or a stemmed English word) is in the table.
pub fn known(word: &str) -> bool {
    MAP.contains_key(word)
}
