/**
 * 当事人 on the light intake page: each party's role and kind, 姓名 or 单位名称, 身份证号 or 统一社会信用代码,
 * 联系电话, 民族 (persons, a list of the 56 to pick from) and 住址; added and removed. Errors come from the page
 * (core/parties.ts checks, or the server's 422) by path, e.g. `parties.0.idNumber`.
 */
import { PARTY_KINDS, PARTY_ROLES } from '../../../core/dictionaries.ts';
import { ETHNIC_GROUPS } from '../../../core/parties.ts';
import type { PartyValues } from '../features/disputes/intake.ts';
import { Field } from './Field.tsx';

export function Parties({
  parties,
  errors,
  onChange,
}: {
  parties: PartyValues[];
  errors: Record<string, string>;
  onChange: (next: PartyValues[], path: string) => void;
}) {
  const set = (i: number, patch: Partial<PartyValues>) =>
    onChange(
      parties.map((p, j) => (j === i ? { ...p, ...patch } : p)),
      `parties.${i}.${Object.keys(patch)[0]}`,
    );
  return (
    <section className="card">
      <h2>当事人</h2>
      <datalist id="ethnic-groups">
        {ETHNIC_GROUPS.map((g) => (
          <option key={g} value={g} />
        ))}
      </datalist>
      {parties.map((p, i) => {
        const person = (p.kind ?? 'person') === 'person';
        const id = (f: string) => `party-${i}-${f}`;
        const err = (f: string) => errors[`parties.${i}.${f}`];
        return (
          <div className="party" key={i} data-testid={`party-${i}`}>
            <div className="row wrap party-head">
              <span className="muted">#{i + 1}</span>
              <div className="segmented" role="radiogroup" aria-label={`第 ${i + 1} 名当事人的身份`}>
                {PARTY_ROLES.map((r) => (
                  <label key={r.key} className={p.role === r.key ? 'on' : ''}>
                    <input type="radio" name={id('role')} value={r.key} checked={p.role === r.key} onChange={() => set(i, { role: r.key })} />
                    {r.label}
                  </label>
                ))}
              </div>
              <select aria-label={`第 ${i + 1} 名当事人的类型`} value={p.kind ?? 'person'} onChange={(e) => set(i, { kind: e.target.value })}>
                {PARTY_KINDS.map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.label}
                  </option>
                ))}
              </select>
              {parties.length > 1 && (
                <button type="button" className="link danger" onClick={() => onChange(parties.filter((_, j) => j !== i), 'parties')}>
                  删除
                </button>
              )}
            </div>
            <div className="grid">
              <Field id={id('name')} label={person ? '姓名' : '单位名称'} required={i === 0} error={err('name')}>
                <input id={id('name')} maxLength={100} value={p.name ?? ''} onChange={(e) => set(i, { name: e.target.value })} />
              </Field>
              <Field id={id('idNumber')} label={person ? '身份证号' : '统一社会信用代码'} error={err('idNumber')}>
                <input id={id('idNumber')} maxLength={30} autoComplete="off" value={p.idNumber ?? ''} onChange={(e) => set(i, { idNumber: e.target.value })} />
              </Field>
              <Field id={id('phone')} label="联系电话" error={err('phone')}>
                <input id={id('phone')} type="tel" inputMode="tel" maxLength={30} value={p.phone ?? ''} onChange={(e) => set(i, { phone: e.target.value })} />
              </Field>
              {person && (
                <Field id={id('ethnicity')} label="民族" error={err('ethnicity')}>
                  <input id={id('ethnicity')} list="ethnic-groups" maxLength={20} autoComplete="off" value={p.ethnicity ?? ''} onChange={(e) => set(i, { ethnicity: e.target.value })} />
                </Field>
              )}
              <Field id={id('address')} label="住址" error={err('address')} wide>
                <input id={id('address')} maxLength={300} value={p.address ?? ''} onChange={(e) => set(i, { address: e.target.value })} />
              </Field>
            </div>
          </div>
        );
      })}
      {errors.parties && (
        <p className="error" role="alert">
          {errors.parties}
        </p>
      )}
      <button type="button" className="btn block" onClick={() => onChange([...parties, { role: 'respondent', kind: 'person' }], 'parties')}>
        ＋ 添加当事人
      </button>
    </section>
  );
}
