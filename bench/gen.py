#!/usr/bin/env python3
"""Deterministic generator of synthetic 面经 for the load harness.

Writes one JSON object per line in the schema of `mianjing import experiences`
(see src/import.rs):

    {"source", "source_path", "license", "lang": "zh", "company", "position",
     "questions": [...], "content", "date", "title", "career",
     "interview_result", "interview_difficulty", "interview_evaluation"}

Every value comes from `random.Random(seed)`; the same seed and count give a
byte-identical file (the SHA-256 is printed at the end so two runs can be
compared). Nothing depends on the clock, the locale or the environment.

Shape of the data (printed as a summary on stderr):
- content: 1024-2048 bytes of UTF-8 Markdown (about 400-700 Chinese
  characters) built from interview phrases: rounds, 八股 questions with a
  remark on how they went, 项目经历, 手撕 problems, 反问, a summary;
- 3-8 questions per post (the `questions` list; the content discusses them);
- ~50 companies with a Zipf-like skew (字节跳动 most frequent);
- careers 后端/Java/前端/算法/Android/测试开发/数据科学/运维 with matching positions;
- result, difficulty and evaluation always filled; dates over two years
  (2024-11-01 .. 2026-10-31).
The topic pools are tuned so that a two-character word such as 缓存 occurs in
roughly a fifth of the posts and a four-character word such as 分布式锁 in a
few percent of them (see the summary for the exact fractions).

Usage: python3 bench/gen.py [--count 100000] [--seed 20261121] [--out FILE]
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys

SOURCE = "mianjing/bench"
LICENSE = "CC0-1.0"

# ~50 companies; weight ~ 1 / rank**0.8.
COMPANIES = [
    "字节跳动", "腾讯", "阿里巴巴", "美团", "百度", "京东", "拼多多", "快手", "网易", "华为",
    "小米", "蚂蚁集团", "滴滴", "小红书", "哔哩哔哩", "携程", "米哈游", "shopee", "OPPO", "vivo",
    "荣耀", "大疆", "蔚来", "理想汽车", "小鹏汽车", "商汤科技", "科大讯飞", "深信服", "顺丰科技", "贝壳找房",
    "得物", "知乎", "微博", "360", "猿辅导", "作业帮", "好未来", "度小满", "招商银行", "平安科技",
    "微众银行", "海康威视", "金山办公", "莉莉丝", "完美世界", "唯品会", "奇安信", "联想", "中兴通讯", "用友",
]
COMPANY_WEIGHTS = [1 / (i + 1) ** 0.8 for i in range(len(COMPANIES))]

# career -> (weight, positions)
CAREERS = {
    "后端": (0.24, ["后端开发工程师", "Go开发工程师", "C++后台开发", "服务端开发工程师"]),
    "Java": (0.11, ["Java开发工程师", "Java后端开发"]),
    "前端": (0.22, ["前端开发工程师", "Web前端开发", "大前端开发工程师"]),
    "算法": (0.18, ["算法工程师", "推荐算法工程师", "NLP算法工程师", "大模型算法工程师", "机器学习工程师"]),
    "Android": (0.08, ["Android开发工程师", "客户端开发工程师"]),
    "测试开发": (0.07, ["测试开发工程师", "质量保障工程师"]),
    "数据科学": (0.06, ["数据开发工程师", "数据分析师"]),
    "运维": (0.04, ["SRE工程师", "运维开发工程师"]),
}

# Technical questions by topic pool. A few mention 缓存 / 分布式锁 on purpose.
BACKEND = [
    "Redis 为什么这么快？单线程模型是怎么回事",
    "缓存穿透、缓存击穿、缓存雪崩分别是什么，怎么解决",
    "怎么保证缓存和数据库的数据一致性，先删缓存还是先更新数据库",
    "用 Redis 实现分布式锁要注意什么，锁过期了业务还没执行完怎么办",
    "Redis 的持久化方式，RDB 和 AOF 的区别",
    "Redis 的过期删除策略和内存淘汰策略",
    "MySQL 的索引为什么用 B+ 树而不是红黑树",
    "聚簇索引和非聚簇索引的区别，什么是回表",
    "事务的隔离级别有哪些，可重复读是怎么通过 MVCC 实现的",
    "MySQL 的慢查询怎么排查，explain 主要看哪些字段",
    "redo log、undo log、binlog 分别有什么作用",
    "消息队列怎么保证消息不丢失、不重复消费",
    "Kafka 为什么吞吐量高，分区和副本机制是怎样的",
    "TCP 三次握手和四次挥手，TIME_WAIT 状态有什么作用",
    "HTTP 和 HTTPS 的区别，TLS 握手的过程",
    "进程、线程和协程的区别",
    "select、poll、epoll 的区别，epoll 的边缘触发和水平触发",
    "设计一个短链系统，怎么生成短码",
    "秒杀系统怎么设计，怎么避免库存超卖",
    "分布式事务有哪些方案，TCC 和 Saga 的区别",
    "CAP 理论和 BASE 理论",
    "限流算法有哪些，令牌桶和漏桶的区别",
    "一致性哈希是怎么回事，虚拟节点解决什么问题",
    "Go 的 GMP 调度模型，goroutine 泄漏怎么排查",
    "Go 的 channel 底层实现，select 的用法",
    "微服务之间怎么做服务发现和负载均衡",
    "接口幂等性怎么保证",
    "ZooKeeper 和 etcd 的区别，Raft 协议的选主过程",
    "布隆过滤器的原理和误判率",
    "RPC 框架的调用过程，序列化协议怎么选",
    "数据库分库分表之后分页查询怎么做",
    "线上 CPU 飙高怎么排查",
]
JAVA = [
    "HashMap 的底层结构和扩容过程，为什么线程不安全",
    "ConcurrentHashMap 在 JDK 1.8 里怎么保证线程安全",
    "JVM 内存模型，堆和栈分别放什么",
    "垃圾回收算法有哪些，G1 和 CMS 的区别",
    "类加载机制和双亲委派模型",
    "线程池的核心参数有哪些，拒绝策略怎么选",
    "synchronized 和 ReentrantLock 的区别，锁升级的过程",
    "volatile 关键字的作用，happens-before 原则",
    "AQS 的原理",
    "ThreadLocal 的原理，为什么会内存泄漏",
    "Spring 的 IOC 和 AOP 是怎么实现的",
    "Spring Boot 的自动配置原理",
    "Spring 的循环依赖是怎么解决的",
    "MyBatis 里 #{} 和 ${} 的区别",
    "Redisson 的看门狗机制是怎么续期的",
] + BACKEND[:16]
FRONTEND = [
    "浏览器的强缓存和协商缓存，Cache-Control 和 ETag 的区别",
    "从输入 URL 到页面展示发生了什么",
    "事件循环是什么，宏任务和微任务的执行顺序",
    "闭包是什么，有哪些应用场景",
    "原型链和继承的几种方式",
    "手写 Promise.all 和 Promise.race",
    "Vue 的响应式原理，Vue3 为什么改用 Proxy",
    "React Fiber 架构解决了什么问题，Hooks 的原理",
    "虚拟 DOM 和 diff 算法",
    "webpack 和 vite 的区别，vite 为什么快",
    "跨域有哪些解决方案，CORS 的预检请求",
    "前端性能优化做过哪些",
    "CSS 盒模型，BFC 是什么",
    "手写防抖和节流",
    "TypeScript 的泛型和类型体操",
    "Service Worker 的生命周期，PWA 怎么做离线访问",
    "XSS 和 CSRF 攻击怎么防范",
    "HTTP/2 相比 HTTP/1.1 有哪些改进",
    "小程序的双线程架构",
    "微前端的方案有哪些",
    "垃圾回收机制，V8 的新生代和老生代",
    "this 的指向问题",
]
ALGO = [
    "Transformer 的结构，self-attention 的时间复杂度",
    "BN 和 LN 的区别，为什么 Transformer 用 LN",
    "过拟合怎么处理，dropout 的原理",
    "XGBoost 和 GBDT 的区别",
    "手推交叉熵损失和 softmax 的梯度",
    "推荐系统的召回和排序分别怎么做",
    "LoRA 微调的原理，秩怎么选",
    "RAG 的整体流程，向量检索怎么做",
    "AUC 的含义和计算方式",
    "大模型推理时的 KV 缓存是怎么回事，显存怎么估算",
    "RLHF 和 DPO 的区别",
    "位置编码有哪些，RoPE 的原理",
    "样本不均衡怎么处理",
    "CTR 预估模型从 LR 到 DeepFM 的演进",
    "梯度消失和梯度爆炸怎么解决",
    "Adam 优化器的原理",
    "特征工程一般怎么做",
    "多头注意力为什么有效",
]
ANDROID = [
    "Activity 的生命周期，启动模式有哪些",
    "Handler 机制，Looper 和 MessageQueue 的关系",
    "图片加载框架的三级缓存是怎么设计的",
    "内存泄漏怎么排查，LeakCanary 的原理",
    "Binder 的原理，为什么 Android 用 Binder",
    "View 的绘制流程和事件分发",
    "RecyclerView 的复用机制",
    "Kotlin 协程的原理",
    "App 启动优化做过哪些",
    "ANR 是怎么产生的，怎么定位",
] + BACKEND[13:17] + JAVA[:3]
TESTING = [
    "给一个登录框，你会怎么设计测试用例",
    "接口自动化测试是怎么做的",
    "性能测试主要关注哪些指标",
    "测试左移和右移分别是什么",
    "Selenium 和 Appium 的原理",
    "一个接口偶尔超时，你怎么定位",
    "持续集成的流程是怎样的",
    "怎么测试一个带鉴权的接口",
    "黑盒测试和白盒测试的区别",
] + BACKEND[6:10] + BACKEND[13:15]
DATA = [
    "Hive 和 Spark 的区别",
    "数据倾斜怎么处理",
    "数仓的分层设计，为什么要分层",
    "SQL：连续登录三天的用户",
    "SQL：每个部门工资前三的员工",
    "窗口函数有哪些",
    "Flink 的 checkpoint 机制",
    "AB 实验怎么设计，怎么判断显著",
    "DAU 下降了怎么分析",
    "维度建模的星型模型和雪花模型",
] + BACKEND[6:9]
OPS = [
    "Kubernetes 的架构，Pod 的调度过程",
    "Docker 的原理，namespace 和 cgroup",
    "Linux 怎么看负载，load average 的含义",
    "线上磁盘满了怎么处理",
    "Prometheus 的监控指标怎么设计",
    "Nginx 的负载均衡策略",
    "一次故障复盘的经历",
    "CDN 的回源策略怎么配置",
] + BACKEND[13:17]

POOLS = {
    "后端": BACKEND, "Java": JAVA, "前端": FRONTEND, "算法": ALGO,
    "Android": ANDROID, "测试开发": TESTING, "数据科学": DATA, "运维": OPS,
}

CODING = [
    "二叉树的层序遍历", "二叉树的最近公共祖先", "二叉树的右视图", "反转链表", "K 个一组翻转链表",
    "LRU 缓存", "合并 K 个有序链表", "无重复字符的最长子串", "接雨水", "岛屿数量", "全排列",
    "三数之和", "手写快速排序", "数组中第 K 大的元素", "编辑距离", "零钱兑换", "环形链表 II",
    "最长递增子序列", "滑动窗口最大值", "搜索旋转排序数组", "括号生成", "二叉树的序列化与反序列化",
    "最小覆盖子串", "买卖股票的最佳时机", "字符串相加", "路径总和 II", "螺旋矩阵", "有效的括号",
]
PROJECTS = [
    "秒杀系统", "点评类 App 的后端", "一个简易 RPC 框架", "分布式文件存储", "即时通讯系统",
    "电商后台管理系统", "推荐系统的召回模块", "低代码平台", "组件库", "校园二手交易小程序",
    "数据中台", "日志采集平台", "API 网关", "实习时做的风控规则引擎", "论文里的多模态检索模型",
    "基于大模型的客服问答", "图片社区 App", "实验室的调度系统", "配置中心",
    "在线协同文档", "短视频推荐的粗排模型", "自动化测试平台", "监控告警平台",
]
OUTCOME = [
    "答得还可以，面试官点了点头。", "这个之前准备过，答得比较顺。", "说了个大概，面试官又追问了细节。",
    "没答好，只说了思路。", "面试官让我结合项目讲，讲了一下实际是怎么用的。", "答完之后面试官补充了一些线上经验。",
    "这里卡了一下，后来在提示下答出来了。", "面试官追问了两层，第二层没答上来。", "答得很一般。",
    "顺着问了一些底层实现。", "这题讲了挺久，面试官挺满意。",
]
INTRO = [
    "{month}月投递的{company}{kind}，{gap}后约了面试，记录一下攒攒人品。",
    "base 北京，{company}{kind}，总共{rounds}轮技术面加一轮 HR 面，这里整理一下技术面的问题。",
    "{company}{kind}的面经，面试官都很 nice，整体节奏比较快。",
    "内推进的{company}，{kind}，从投递到出结果大概{gap}。",
    "双非本硕，投了{company}{kind}，简历过了挺意外的，分享一下面经。",
    "{company}{kind}，视频面试，每轮大概{minutes}分钟。",
    "{month}月面的{company}{kind}，趁还记得写下来，希望对大家有帮助。",
]
NARRATIVE = [
    "先是自我介绍，然后面试官看着简历挨个问。",
    "项目经历问得很细，从业务背景问到技术选型，再问到遇到的难点和怎么解决的。",
    "问了项目的 QPS 大概多少，瓶颈在哪里，怎么做压测的。",
    "面试官对实习经历比较感兴趣，问了在团队里具体负责哪一块。",
    "八股问得不多，更多是场景题。",
    "中间问了一个场景题：如果流量突然翻十倍怎么办。",
    "聊了聊数据库的选型，为什么用 MySQL 不用 MongoDB。",
    "问了线上出过的故障，怎么定位、怎么复盘的。",
    "问了怎么学习新技术，平时看哪些书和博客。",
    "问了对加班的看法，以及为什么选择这个方向。",
    "面试官介绍了部门的业务，主要做内部平台。",
    "整体感觉面试官很专业，问题有深度但不刁难。",
    "有些问题没答好，面试官会给提示。",
    "这一轮基本都是围绕简历展开的。",
    "面试官说他们组的技术栈主要是 Go 和 Kubernetes。",
    "问了代码规范和 code review 的经验。",
    "问了对技术债的理解，项目里有没有重构过。",
    "最后聊了聊职业规划。",
    "面试官迟到了五分钟，一上来就道歉，人挺好的。",
    "这一轮的面试官应该是组长，问题偏架构。",
    "问了本科和研究生期间做过的比赛。",
    "让我评价一下自己的优缺点。",
    "问了为什么不留在实习的公司。",
    "面试官一直在打字记录，压力有点大。",
    "中间网络卡了一下，重新进了会议。",
    "问了项目里最有挑战的一件事，我讲了性能优化那段。",
    "问了团队合作中有没有和别人意见不一致的时候。",
    "让我画了一下项目的整体架构图。",
    "问了项目的监控和日志是怎么做的。",
    "问了如果让我重新做这个项目，会有哪些改进。",
    "问了对这个岗位的理解。",
    "问了能实习多久，什么时候能到岗。",
    "面试官顺便讲了一下他们的晋升机制。",
    "聊了一会儿开源项目，问我有没有提过 PR。",
    "问了一个开放题：怎么设计一个排行榜。",
    "问了一个开放题：怎么统计一个网站的 UV。",
    "问了读过哪些源码，印象最深的是什么。",
    "问了实习期间写的单元测试覆盖率有多少。",
    "面试官全程开着摄像头，氛围比较轻松。",
    "这一轮比上一轮难不少，问得很深。",
    "面试时间比预期的长，聊了一个多小时。",
    "问了平时用什么编辑器和调试工具。",
    "问了在学校的成绩和排名。",
    "问了有没有其他公司的 offer。",
    "问了对大模型的看法，平时用不用 AI 写代码。",
    "问了一个智力题，想了一会儿才答出来。",
    "问了技术方案评审的时候一般关注什么。",
    "面试官说下一轮是交叉面。",
    "感觉自己表达不够清楚，之后要多练习。",
    "整体节奏很快，一个问题接一个问题。",
]
# Rare narrative sentences (each used by a few percent of the posts).
RARE = [
    "面试官问项目里为什么用 Redis 做缓存，缓存命中率有多少。",
    "项目里的分布式锁被追问了很久，包括锁的粒度和超时时间怎么定。",
]
RARE_P = 0.015
REVERSE = [
    "反问：部门的业务和技术栈，新人怎么培养。",
    "反问：面试官对我的评价，有什么需要提升的地方。",
    "反问：团队规模和工作节奏。",
    "反问：这个岗位日常的工作内容，转正率怎么样。",
    "反问：后续还有几轮，多久出结果。",
]
SUMMARY = [
    "总结：八股要背熟，项目一定要自己想清楚每个设计的原因。",
    "总结：算法题要多刷，手撕代码的时候一定要先和面试官沟通思路。",
    "总结：面试体验不错，无论结果如何都学到了很多。",
    "总结：基础还是不够扎实，回去继续补。",
    "总结：准备面试的时候多看看官方文档和源码，面试官很喜欢追问原理。",
    "总结：感觉面试更看重解决问题的思路，而不是标准答案。",
]
RESULT_LINE = {
    "offer": ["一周后收到了意向书，许愿顺利入职。", "已 oc，等正式 offer。", "最后拿到了 offer，开心。"],
    "rejected": ["过了几天状态变成了流程终止，继续加油。", "最后挂了，应该是二面算法没写出来。", "凉了，攒攒经验。"],
    "pending": ["目前还在泡池子，等消息。", "面完一周了还没结果，许愿。", "HR 说在横向比较，等通知。"],
}
ROUNDS = ["一面", "二面", "三面"]
KINDS = ["日常实习", "暑期实习", "秋招", "春招", "社招"]
KIND_WEIGHTS = [0.15, 0.25, 0.35, 0.1, 0.15]
RESULTS = ["offer", "rejected", "pending"]
RESULT_WEIGHTS = [0.3, 0.45, 0.25]
DIFFICULTIES = ["easy", "medium", "hard"]
DIFFICULTY_WEIGHTS = [0.25, 0.5, 0.25]
EVALUATIONS = [1, 2, 3, 4, 5]
EVALUATION_WEIGHTS = [0.05, 0.15, 0.35, 0.3, 0.15]
START_DATE = dt.date(2024, 11, 1)
DAYS = 730

MIN_BYTES, MAX_BYTES = 1024, 2048


def blen(s: str) -> int:
    return len(s.encode("utf-8"))


KEYWORD_WEIGHT = 0.5  # relative weight of a question that mentions 缓存 or 分布式锁


def weighted_sample(rng: random.Random, pool: list[str], k: int) -> list[str]:
    """k distinct questions; those with 缓存/分布式锁 are drawn half as often."""
    items = list(pool)
    weights = [KEYWORD_WEIGHT if ("缓存" in q or "分布式锁" in q) else 1.0 for q in items]
    out = []
    for _ in range(k):
        j = rng.choices(range(len(items)), weights)[0]
        out.append(items.pop(j))
        weights.pop(j)
    return out


def experience(rng: random.Random, i: int) -> dict:
    company = rng.choices(COMPANIES, COMPANY_WEIGHTS)[0]
    career = rng.choices(list(CAREERS), [w for w, _ in CAREERS.values()])[0]
    position = rng.choice(CAREERS[career][1])
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    result = rng.choices(RESULTS, RESULT_WEIGHTS)[0]
    difficulty = rng.choices(DIFFICULTIES, DIFFICULTY_WEIGHTS)[0]
    evaluation = rng.choices(EVALUATIONS, EVALUATION_WEIGHTS)[0]
    date = START_DATE + dt.timedelta(days=rng.randrange(DAYS))
    n_rounds = rng.choice((1, 2, 2, 3))
    n_questions = rng.randint(3, 8)
    pool = POOLS[career]
    questions = weighted_sample(rng, pool, n_questions)
    # Spread the questions over the rounds (every round gets at least one).
    cuts = sorted(rng.sample(range(1, n_questions), n_rounds - 1)) if n_rounds > 1 else []
    per_round = [questions[a:b] for a, b in zip([0] + cuts, cuts + [n_questions])]
    rounds_desc = "".join(ROUNDS[:n_rounds])
    title = f"{company} {position} {kind} {rounds_desc}面经"
    target = rng.randint(MIN_BYTES, MAX_BYTES)

    parts: list[str] = []
    size = 0

    def add(text: str, force: bool = False) -> bool:
        nonlocal size
        n = blen(text) + 1
        if not force and size + n > MAX_BYTES:
            return False
        parts.append(text)
        size += n
        return True

    add(rng.choice(INTRO).format(
        month=date.month, company=company, kind=kind, rounds=n_rounds,
        gap=rng.choice(["三天", "一周", "两周", "十天"]), minutes=rng.choice([40, 50, 60, 70])), force=True)
    for r, qs in enumerate(per_round):
        add(f"\n## {ROUNDS[r]}（{rng.choice([35, 45, 50, 60, 75])} 分钟）\n", force=True)
        if r == 0:
            add("1. 自我介绍", force=True)
            add(f"2. 项目：介绍一下{rng.choice(PROJECTS)}。{rng.choice(NARRATIVE)}", force=True)
            start = 3
        else:
            add(f"1. {rng.choice(NARRATIVE)}", force=True)
            start = 2
        for k, q in enumerate(qs):
            add(f"{start + k}. {q}？{rng.choice(OUTCOME)}", force=True)
        add(f"\n手撕：{rng.choice(CODING)}。{rng.choice(['写出来了，过了所有用例。', '写了个暴力解，面试官让优化。', '边界条件没处理好，改了两次。', '秒了。'])}")
        add(rng.choice(REVERSE))
    # Grow to the target with narrative sentences; stay within 1-2 KB.
    extras = rng.sample(NARRATIVE, len(NARRATIVE))
    if size < target:
        add("\n## 其他\n")
    for s in extras:
        if size >= target:
            break
        if not add(s):
            break
    if parts[-1] == "\n## 其他\n":  # nothing fitted under the heading
        size -= blen(parts.pop()) + 1
    for s in RARE:
        if rng.random() < RARE_P:
            add(s)
    k = 0
    while size < MIN_BYTES and k < 20:  # short posts: more of the same kind of text
        add(f"{rng.choice(['后来', '另外', '顺便', '最后'])}{rng.choice(NARRATIVE)}")
        k += 1
    add("\n" + rng.choice(RESULT_LINE[result]))
    add(rng.choice(SUMMARY))
    content = "\n".join(parts)
    # Cut whole lines if the forced parts made it too long.
    while blen(content) > MAX_BYTES and len(parts) > 1:
        parts.pop(-2 if len(parts) > 2 else -1)
        content = "\n".join(parts)
    return {
        "source": SOURCE,
        "source_path": f"synthetic/{i:06d}.md",
        "license": LICENSE,
        "lang": "zh",
        "company": company,
        "position": position,
        "questions": questions,
        "content": content,
        "date": date.isoformat(),
        "title": title,
        "career": career,
        "interview_result": result,
        "interview_difficulty": difficulty,
        "interview_evaluation": evaluation,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--out", default="-", help="output file (default: stdout)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
    digest = hashlib.sha256()
    words = {"缓存": 0, "分布式锁": 0, "二叉树": 0, "消息队列": 0, "项目": 0, "反问": 0}
    companies: dict[str, int] = {}
    sizes = []
    try:
        for i in range(1, args.count + 1):
            e = experience(rng, i)
            line = json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n"
            out.write(line)
            digest.update(line.encode("utf-8"))
            text = e["title"] + e["content"] + "".join(e["questions"])
            for w in words:
                if w in text:
                    words[w] += 1
            companies[e["company"]] = companies.get(e["company"], 0) + 1
            sizes.append(blen(e["content"]))
    finally:
        if out is not sys.stdout:
            out.close()
    n = max(args.count, 1)
    top = sorted(companies.items(), key=lambda kv: -kv[1])[:3]
    print(
        f"gen.py: {args.count} experiences, seed {args.seed}, content {min(sizes, default=0)}-{max(sizes, default=0)} bytes "
        f"(mean {sum(sizes) / n:.0f}), {len(companies)} companies (top: "
        + ", ".join(f"{c} {v / n:.1%}" for c, v in top)
        + "); posts containing "
        + ", ".join(f"{w} {v / n:.1%}" for w, v in words.items())
        + f"; sha256 {digest.hexdigest()}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
