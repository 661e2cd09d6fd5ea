import { Alert, Button } from 'antd';
import { ApiError, errorText } from '../api.ts';

/**
 * Shows a failed request inline, with the server's Chinese message. A 409 (someone else saved first)
 * offers to reload; other errors offer `onRetry` when given. Renders nothing without an error.
 *
 *   <ProblemAlert error={query.error} onRetry={() => query.refetch()} />
 */
export function ProblemAlert({ error, onRetry, onReload, style }: { error: unknown; onRetry?: () => void; onReload?: () => void; style?: React.CSSProperties }) {
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : 0;
  const conflict = status === 409;
  const title = conflict ? '该记录已被他人修改' : status === 403 ? '无权执行此操作' : status === 404 ? '记录不存在或无权访问' : '操作未成功';
  const description = conflict ? `${errorText(error)}。请重新加载最新内容，核对后再保存。` : errorText(error);
  const action = conflict && onReload ? (
    <Button size="small" type="primary" onClick={onReload}>
      重新加载
    </Button>
  ) : onRetry ? (
    <Button size="small" onClick={onRetry}>
      重试
    </Button>
  ) : undefined;
  return <Alert type={conflict ? 'warning' : 'error'} showIcon title={title} description={description} action={action} style={{ marginBottom: 16, ...style }} />;
}
