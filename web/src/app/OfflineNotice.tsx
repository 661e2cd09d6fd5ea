/**
 * The line under the header while the device has no network (issue 18.1): the pages the service worker keeps
 * (web/src/sw/sw.js) show the answers stored at the last connection, and a new intake waits in the outbox.
 * The intake page says the latter itself, so there this notice stays away.
 */
import { useLocation } from 'react-router';
import { Alert } from 'antd';
import { useOnline } from './online.ts';

export function OfflineNotice() {
  const online = useOnline();
  const { pathname } = useLocation();
  if (online || pathname === '/disputes/new') return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      data-testid="offline-notice"
      style={{ marginBottom: 12 }}
      title="当前离线：显示的是上次联网时保存在本机的数据；登记的纠纷保存在本机，联网后自动提交"
    />
  );
}
