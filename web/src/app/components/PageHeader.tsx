import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/**
 * Title row of a page: title (and an optional line under it) on the left, actions on the right;
 * the actions wrap under the title at phone width.
 *
 *   <PageHeader title="用户管理" subtitle="账号、角色与数据范围" extra={<Button>新增用户</Button>} />
 */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex className="page-header" justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {subtitle}
          </Typography.Text>
        )}
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
