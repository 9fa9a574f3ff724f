import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

/**
 * A destructive or final action asks first (native `<dialog>`: modal, focus kept inside, Escape
 * cancels) and says what it will do; `onConfirm` runs only after "Confirm".
 */
export function ConfirmButton({
  id,
  label,
  question,
  consequence,
  disabled,
  onConfirm,
  secondary,
}: {
  id: string;
  label: string;
  question: string;
  consequence: string;
  disabled?: boolean;
  secondary?: boolean;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        id={id}
        class={`button${secondary ? ' button-secondary' : ''}`}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} class="confirm" aria-labelledby={`${id}-q`} aria-describedby={`${id}-c`}>
        <h2 id={`${id}-q`}>{question}</h2>
        <p id={`${id}-c`}>{consequence}</p>
        <div class="actions">
          <button
            type="button"
            class="button"
            data-testid="confirm"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {t('bo.confirm')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => dialog.current?.close()}>
            {t('bo.cancel')}
          </button>
        </div>
      </dialog>
    </>
  );
}

export type PageOf<T> = { items: T[]; nextCursor?: string | undefined };

/**
 * Cursor paging over one of the API's lists: the cursors already walked are kept so "previous"
 * goes back without the API having to page backwards. Reset when `resetKey` changes (filters).
 */
export function useCursorPages(resetKey: string) {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  useEffect(() => setStack([undefined]), [resetKey]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    page: stack.length,
    next: (c: string) => setStack((s) => [...s, c]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
  };
}

export function Pager({
  pages,
  nextCursor,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor?: string | undefined;
}) {
  return (
    <nav class="pager" aria-label={t('bo.paging')}>
      <button
        type="button"
        class="button button-secondary"
        disabled={pages.page === 1}
        onClick={pages.previous}
      >
        {t('bo.previous')}
      </button>
      <span class="muted">{t('bo.pageN', { n: pages.page })}</span>
      <button
        type="button"
        class="button button-secondary"
        disabled={!nextCursor}
        onClick={() => nextCursor && pages.next(nextCursor)}
      >
        {t('bo.next')}
      </button>
    </nav>
  );
}

/** The server's answer to an action, announced (role=status) where the action was taken. */
export function Done({ testId, children }: { testId: string; children: ComponentChildren }) {
  return (
    <p class="success-text" role="status" data-testid={testId}>
      {children}
    </p>
  );
}
