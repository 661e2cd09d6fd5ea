/**
 * How a delivery leaves the system, one sender per channel kind (SPEC §11): a JSON webhook, 企业微信 and 钉钉 group
 * robots (their markdown message formats; success is JSON `errcode: 0`), e-mail over SMTP (nodemailer; server from
 * WUSONG_SMTP_URL, sender WUSONG_SMTP_FROM) and SMS through an HTTP gateway template (`{phone}`, `{text}`).
 * A sender resolves when the receiver acknowledged the message and throws (with a short reason) otherwise.
 */
import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { WebhookPayload } from '../../../core/schemas/notifications.ts';
import type { ChannelSettings } from './notify.ts';

export interface ChannelForSend {
  kind: string;
  target: string;
  settings: ChannelSettings;
}

const TIMEOUT_MS = 10_000;

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res;
}

/** 企业微信/钉钉 answer 200 with `{errcode, errmsg}`; only errcode 0 is a success. */
async function robotOk(res: Response): Promise<void> {
  const body = (await res.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null;
  if (!body || body.errcode !== 0) throw new Error(`机器人返回错误 ${body?.errcode ?? '无应答'} ${body?.errmsg ?? ''}`.trim());
}

const markdownLines = (p: WebhookPayload) => [p.text.replace(/\n/g, '\n\n'), p.url ? `[查看详情](${p.url})` : ''].filter(Boolean).join('\n\n');

/** 企业微信群机器人: `{"msgtype":"markdown","markdown":{"content"}}` (content ≤ 4096 bytes). */
export function wecomBody(p: WebhookPayload) {
  let content = `**${p.title}**\n${markdownLines(p)}`;
  while (Buffer.byteLength(content) > 4096) content = content.slice(0, -20);
  return { msgtype: 'markdown', markdown: { content } };
}

/** 钉钉群机器人: `{"msgtype":"markdown","markdown":{"title","text"}}`. */
export function dingtalkBody(p: WebhookPayload) {
  return { msgtype: 'markdown', markdown: { title: p.title, text: `#### ${p.title}\n\n${markdownLines(p)}` } };
}

/** 钉钉 加签: `timestamp` and `sign` = Base64(HMAC-SHA256(secret, "timestamp\nsecret")) added to the URL. */
export function dingtalkSignedUrl(target: string, secret: string, now = Date.now()): string {
  const sign = crypto.createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  return `${target}${target.includes('?') ? '&' : '?'}timestamp=${now}&sign=${encodeURIComponent(sign)}`;
}

export function smsText(p: WebhookPayload): string {
  return `【无讼】${p.title}：${p.text.replace(/\n/g, ' ')}`;
}

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

export async function sendDelivery(c: ChannelForSend, p: WebhookPayload): Promise<void> {
  switch (c.kind) {
    case 'webhook':
      await post(c.target, p, { 'X-Wusong-Delivery': p.id });
      return;
    case 'wecom':
      return robotOk(await post(c.target, wecomBody(p)));
    case 'dingtalk':
      return robotOk(await post(c.settings.secret ? dingtalkSignedUrl(c.target, c.settings.secret) : c.target, dingtalkBody(p)));
    case 'email': {
      const url = process.env.WUSONG_SMTP_URL?.trim();
      if (!url) throw new Error('未配置邮件服务器（WUSONG_SMTP_URL）');
      await transportFor(url).sendMail({
        from: process.env.WUSONG_SMTP_FROM?.trim() || 'wusong@localhost',
        to: c.target,
        subject: p.title,
        text: [p.text, p.url ? `查看详情：${p.url}` : ''].filter(Boolean).join('\n\n'),
        headers: { 'X-Wusong-Delivery': p.id },
      });
      return;
    }
    case 'sms': {
      const phones = c.settings.phones ?? [];
      if (!phones.length) throw new Error('未设置接收短信的手机号码');
      const text = encodeURIComponent(smsText(p));
      for (const phone of phones) {
        const res = await fetch(c.target.replaceAll('{phone}', encodeURIComponent(phone)).replaceAll('{text}', text), { signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (!res.ok) throw new Error(`短信网关 HTTP ${res.status}`);
      }
      return;
    }
    default:
      throw new Error(`未知的渠道类型 ${c.kind}`);
  }
}
