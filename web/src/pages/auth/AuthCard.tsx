import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';

/** Centered card used by the log-in, sign-up, reset and init screens. */
export default function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <div className="mj-narrow">
      <Card className="mj-auth-card">
        <div className="mj-auth-title">
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            {title}
          </Typography.Title>
          {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
        </div>
        {children}
      </Card>
    </div>
  );
}
