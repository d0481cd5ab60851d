import type { ReactNode } from 'react';

type Props = {
  /** id of the control inside; the label points at it. */
  id: string;
  label: string;
  /**
   * The field's path in the request, '-' for '.' (`contacts-0-name`): an edit inside clears the
   * field's error (use-submit.ts); also names the error element data-testid="error-<field>".
   */
  field: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children: ReactNode;
};

/** A labelled form control with an optional hint and the server's message for this field. */
export function Field({ id, label, field, error, hint, required, className, children }: Props) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`} data-field={field}>
      <label htmlFor={id}>
        {label}
        {required && <span className="req" aria-hidden="true"> *</span>}
      </label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`error-${field}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Accessibility attributes for the control inside a <Field>. */
export function describedBy(id: string, error: string | undefined, hasHint = false) {
  const ids = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}
