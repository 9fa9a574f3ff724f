import { Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { path } from '../lib/router.ts';
import { href } from '../routes.ts';

export default function NotFound() {
  const l = lang.value;
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p class="muted">
        <code>{path.value}</code>
      </p>
      <p>
        <a href={href('home', l)}>{t('notFound.home')}</a>
      </p>
    </Page>
  );
}
