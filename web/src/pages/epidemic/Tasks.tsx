// Community workers' task list.
import { useState } from 'preact/hooks';
import { get } from '../../api';
import { t, useLang } from '../../i18n';
import { Page } from '../../components/Page';
import { LoadStatus } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { useLoad } from '../../hooks/useLoad';
import type { Task } from './types';
import { TaskItem } from './TaskItem';

export function Tasks() {
  useLang();
  const [status, setStatus] = useState<'open' | 'done' | 'all'>('open');
  const q = useLoad(() => get('/api/v1/tasks', { query: { status } }), [status]);
  const tasks: Task[] = q.data?.tasks ?? [];
  const [msg, setMsg] = useState<string>();
  return (
    <Page title={t('tk_title')} intro={t('tk_intro')}>
      <fieldset class="field">
        <legend>{t('tk_filter')}</legend>
        <div class="radios">
          {(['open', 'done', 'all'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="task_status" value={s} checked={status === s} onChange={() => setStatus(s)} /> {t(`tk_filter_${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {msg && <Notice kind="success">{msg}</Notice>}
      <LoadStatus q={q} empty={!q.error && !tasks.length} />
      {!q.loading && tasks.length > 0 && <p class="muted small">{t('tk_count', { n: tasks.length })}</p>}
      <ul class="cards">
        {tasks.map((task) => (
          <TaskItem
            key={task.task_id}
            task={task}
            onDone={(d) => {
              setMsg(t('tk_marked', { name: d.masked_name }));
              q.setData({ tasks: status === 'open' ? tasks.filter((x) => x.task_id !== d.task_id) : tasks.map((x) => (x.task_id === d.task_id ? d : x)) });
            }}
          />
        ))}
      </ul>
    </Page>
  );
}
