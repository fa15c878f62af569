// A page: its <h1> (also the document title) and an optional introduction.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

export function Page({ title, children, intro }: { title: string; intro?: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · ${t('app_name')}`;
  }, [title]);
  return (
    <section class="page">
      <h1>{title}</h1>
      {intro && <p class="intro">{intro}</p>}
      {children}
    </section>
  );
}

