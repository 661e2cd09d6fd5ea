import { Flex } from 'antd';

/**
 * Form fields side by side on a desktop, one under another on a phone. Only a column gap: each Form.Item keeps
 * its own bottom margin, and a row gap on top of it would open wide holes when the fields wrap at phone width.
 */
export function FieldRow({ children }: { children: React.ReactNode }) {
  return (
    <Flex wrap style={{ columnGap: 12 }}>
      {children}
    </Flex>
  );
}
