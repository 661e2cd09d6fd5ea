/**
 * 一案一码 — the public progress page (no login, SPEC §4.6) as its own light entry: plain DOM, no React or antd,
 * so a party on a phone loads a few kilobytes. A party types the query code and sees the stage, the state and
 * the next date, nothing else.
 */
import { DISPUTE_STATES, LEVELS, labelOf } from '../../../core/dictionaries.ts';
import { APP_NAME } from '../app/brand.ts';
import './progress.css';

const STATE_TEXT: Record<string, string> = {
  registered: '已登记，等待受理',
  accepted: '已受理，即将组织调解',
  mediating: '正在调解',
  resolved: '调解成功，等待回访',
  failed: '调解未成功，正在研究下一步办理',
  withdrawn: '申请已撤回',
  follow_up: '已回访',
  closed: '已办结',
};

interface Progress {
  stage: string | null;
  state: string;
  nextDate: string | null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const input = el('input', { placeholder: '查询码', maxlength: '20', autocapitalize: 'characters', autocomplete: 'off', 'aria-label': '查询码' });
const button = el('button', { type: 'submit' }, '查询');
const out = el('div', { 'aria-live': 'polite' });
const form = el('form', { role: 'search' }, input, button);

function show(...nodes: Node[]) {
  out.replaceChildren(...nodes);
}

async function look(raw: string) {
  const code = raw.trim().toUpperCase();
  if (!code) return;
  button.disabled = true;
  button.textContent = '查询中…';
  show();
  try {
    const res = await fetch(`/api/public/progress?code=${encodeURIComponent(code)}`, { credentials: 'omit' });
    if (res.status === 404) show(el('div', { class: 'error', role: 'alert' }, '查询码不存在，请核对后重新输入'));
    else if (res.status === 429) show(el('div', { class: 'error', role: 'alert' }, '查询过于频繁，请稍后再试'));
    else if (!res.ok) show(el('div', { class: 'error', role: 'alert' }, '暂时无法查询，请稍后再试'));
    else {
      const p = (await res.json()) as Progress;
      const row = (k: string, v: string) => el('div', {}, el('dt', {}, k), el('dd', {}, v));
      show(el('dl', {}, row('办理状态', STATE_TEXT[p.state] ?? labelOf(DISPUTE_STATES, p.state)), row('办理层级', p.stage ? labelOf(LEVELS, p.stage) : '—'), row('下一节点日期', p.nextDate ?? '—')));
      history.replaceState(null, '', `?code=${encodeURIComponent(code)}`);
    }
  } catch {
    show(el('div', { class: 'error', role: 'alert' }, '网络连接失败，请检查网络后重试'));
  } finally {
    button.disabled = false;
    button.textContent = '查询';
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void look(input.value);
});

document.getElementById('progress')!.replaceChildren(
  el(
    'div',
    { class: 'page' },
    el(
      'div',
      { class: 'box' },
      el('div', { class: 'brand' }, el('span', { class: 'mark' }, '讼'), el('div', {}, el('div', { class: 'app' }, APP_NAME), el('div', { class: 'sub' }, '矛盾纠纷办理进度查询（一案一码）'))),
      el('div', { class: 'card' }, el('p', { class: 'hint' }, '请输入登记时告知您的 10 位查询码。'), form, out),
      el('div', { class: 'foot' }, '查询仅显示办理进度，不显示当事人信息'),
    ),
  ),
);

const initial = new URLSearchParams(location.search).get('code');
if (initial) {
  input.value = initial;
  void look(initial);
}
