import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useMe } from '../../app/auth.tsx';
import { errorText } from '../../app/api.ts';
import { PASSWORD_HINT, passwordProblem } from '../../../../core/password-policy.ts';

/** The server's rule (core/password-policy.ts), checked here too so the user learns it early. */
export const passwordRule = (username?: string) => ({
  validator: (_: unknown, v: string | undefined) => {
    const problem = v ? passwordProblem(v, username) : null;
    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
  },
});
export const PASSWORD_RULES = [{ required: true, message: '请输入新密码' }, passwordRule()];

/**
 * Change one's own password. `currentPassword` given (right after a login that requires a change) hides
 * the "current password" field.
 */
export function ChangePasswordForm({ onDone, currentPassword, submitText = '确认修改' }: { onDone?: () => void; currentPassword?: string; submitText?: string }) {
  const { me, changePassword } = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { currentPassword?: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await changePassword(currentPassword ?? v.currentPassword ?? '', v.newPassword);
      message.success('密码已修改');
      form.resetFields();
      onDone?.();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
      {!currentPassword && (
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
      )}
      <Form.Item name="newPassword" label="新密码" rules={[PASSWORD_RULES[0], passwordRule(me?.username)]} extra={PASSWORD_HINT}>
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="再次输入新密码"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
      </Form.Item>
      {error && <div className="form-error" role="alert">{error}</div>}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {submitText}
      </Button>
    </Form>
  );
}
