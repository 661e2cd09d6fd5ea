import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useMe } from '../../app/auth.tsx';
import { AuthCard } from './AuthCard.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

// The password typed at a login that requires a change, kept in memory only until the change is made,
// so that the user is not asked for it twice. After a reload it is gone and the field is shown.
let loginPassword: string | undefined;
export function rememberLoginPassword(pw: string) {
  loginPassword = pw;
}

/** Shown instead of everything else while the account must change its password (first login, reset). */
export default function ForcePasswordPage() {
  const { me, logout } = useMe();
  const navigate = useNavigate();
  return (
    <AuthCard
      title="请先修改密码"
      subtitle={`${me?.name ?? ''}，您的密码是初始密码或已被管理员重置，修改后才能继续使用系统。`}
      footer={
        <Button
          type="link"
          block
          style={{ marginTop: 8 }}
          onClick={async () => {
            loginPassword = undefined;
            await logout();
            navigate('/login', { replace: true });
          }}
        >
          退出登录
        </Button>
      }
    >
      <ChangePasswordForm
        currentPassword={loginPassword}
        submitText="修改密码并进入系统"
        onDone={() => {
          loginPassword = undefined;
        }}
      />
    </AuthCard>
  );
}
