/**
 * A list's filters: in a row at desktop width; on a phone a 「筛选」 button (with how many are set) that opens
 * them in a drawer from the bottom, so the list starts at the top of the screen.
 */
import { useState, type ReactNode } from 'react';
import { Badge, Button, Drawer, Flex, Grid, Space } from 'antd';
import { FilterOutlined } from '@ant-design/icons';

export function FilterBar({ active = 0, children, extra }: { active?: number; children: ReactNode; extra?: ReactNode }) {
  const phone = Grid.useBreakpoint().md === false;
  const [open, setOpen] = useState(false);
  if (!phone)
    return (
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>{children}</Space>
        {extra && <Space wrap>{extra}</Space>}
      </Flex>
    );
  return (
    <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
      <Badge count={active} size="small">
        <Button icon={<FilterOutlined />} onClick={() => setOpen(true)}>
          筛选
        </Button>
      </Badge>
      {extra && <Space wrap>{extra}</Space>}
      <Drawer title="筛选" placement="bottom" size="auto" open={open} onClose={() => setOpen(false)} className="filter-drawer" extra={<Button type="primary" size="small" onClick={() => setOpen(false)}>完成</Button>}>
        <Flex vertical gap={12}>
          {children}
        </Flex>
      </Drawer>
    </Flex>
  );
}

/** How many of a list's filters are set (for the phone's 「筛选」 badge). */
export const activeFilters = (f: Record<string, unknown>) => Object.values(f).filter((v) => v !== undefined && v !== null && v !== '').length;
