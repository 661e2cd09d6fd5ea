/** One labelled field of the light intake page: the label (`for` the control), the control, its error under it. */
import type { ReactNode } from 'react';

export function Field({ id, label, required, error, wide, extra, children }: { id: string; label: string; required?: boolean; error?: string; wide?: boolean; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className={`field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {!required && <span className="optional">（可选）</span>}
      </label>
      {children}
      {extra}
      {error && (
        <div className="error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
