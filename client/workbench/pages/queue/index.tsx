import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { useNodePick } from '../../../hooks/useNodePick';
import { type NeedStatus, type Urgency, URGENCY_LABEL } from '@contract/needs';
import { NeedRow } from '../../../components/NeedRow';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import { ensureSession, useSession } from '../../../store/session';
import { AGE_FILTERS, QUEUE_STATUSES, triageNodes } from '../../staff';
import './index.scss';
import { pageClass } from '../../../store/elder';

const PAGE = 20;
const URGENCY_FILTERS: Array<{ value: Urgency | ''; label: string }> = [
  { value: '', label: '不限' },
  { value: 'critical', label: URGENCY_LABEL.critical },
  { value: 'urgent', label: URGENCY_LABEL.urgent },
  { value: 'normal', label: URGENCY_LABEL.normal },
];

interface Filter {
  status: NeedStatus | '';
  categoryId: number | null;
  urgency: Urgency | '';
  olderThanDays: number | null;
  overdue: boolean;
  mine: boolean;
  q: string;
}

/** The triage queue: most urgent, highest priority, oldest first. */
export default function QueuePage() {
  const { me } = useSession();
  const nodes = triageNodes(me);
  const [nodeId, setNodeId] = useNodePick(nodes);
  const [filter, setFilter] = useState<Filter>({ status: 'reported', categoryId: null, urgency: '', olderThanDays: null, overdue: false, mine: false, q: '' });
  const [typed, setTyped] = useState('');
  // 批量受理: the waiting needs ticked, and what the last batch said.
  const [picked, setPicked] = useState<number[]>([]);
  const [batch, setBatch] = useState<{ busy: boolean; text: string | null }>({ busy: false, text: null });
  const [showFilters, setShowFilters] = useState(false);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    void ensureSession();
  }, []);
  const categories = usePageData(() => api.categories(), []).data ?? [];

  const fetchPage = (offset: number) =>
    api.queue({
      nodeId: nodeId!,
      status: filter.status || undefined,
      categoryId: filter.categoryId ?? undefined,
      urgency: filter.urgency || undefined,
      olderThanDays: filter.olderThanDays ?? undefined,
      overdue: filter.overdue ? 'yes' : undefined,
      mine: filter.mine ? 'yes' : undefined,
      q: filter.q || undefined,
      limit: PAGE,
      offset,
    });

  // Loaded again when the filter changes and when shown again (back from a need: its row may have moved on).
  const page = usePageData(() => (nodeId ? fetchPage(0) : null), [nodeId, filter]);
  // A list that could not be loaded shows as empty (the API module showed the reason).
  const list = page.data ?? (page.error ? { items: [], total: 0 } : null);

  const more = async () => {
    if (!list || loading) return;
    setLoading(true);
    try {
      const next = await fetchPage(list.items.length);
      page.setData({ items: [...list.items, ...next.items], total: next.total });
    } catch {
      // The API module showed the reason.
    } finally {
      setLoading(false);
    }
  };

  const set = <K extends keyof Filter>(k: K, v: Filter[K]) => {
    setPicked([]);
    setFilter((f) => ({ ...f, [k]: v }));
  };
  const search = () => set('q', typed.trim());
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const acceptPicked = async () => {
    if (!picked.length || batch.busy) return;
    setBatch({ busy: true, text: null });
    try {
      const res = await api.acceptMany(picked);
      const failed = res.failed.map((f) => `#${f.id}：${f.message}`).join('；');
      setBatch({ busy: false, text: `已受理 ${res.accepted.length} 件${failed ? `；未能受理 ${res.failed.length} 件（${failed}）` : ''}` });
      setPicked([]);
      page.reload();
    } catch {
      // The API module showed the reason.
      setBatch({ busy: false, text: null });
    }
  };

  if (me && nodes.length === 0) {
    return (
      <View className={pageClass('page queue')}>
        <View className='card'>
          <Text className='muted'>只有社区工作人员和管理员可以受理需求。</Text>
        </View>
      </View>
    );
  }

  const activeFilters = [filter.categoryId ? categories.find((c) => c.id === filter.categoryId)?.label : null, URGENCY_FILTERS.find((u) => u.value && u.value === filter.urgency)?.label, AGE_FILTERS.find((a) => a.value && a.value === filter.olderThanDays)?.label].filter(Boolean);

  return (
    <View className={pageClass('page queue')}>
      {nodes.length > 1 ? (
        <View className='chips queue-nodes'>
          {nodes.map((n) => (
            <View key={n.nodeId} className={`chip${n.nodeId === nodeId ? ' chip--on' : ''}`} onClick={() => setNodeId(n.nodeId)}>
              <Text>{n.nodeName}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className='queue-statuses'>
        {QUEUE_STATUSES.map((s) => (
          <View key={s.value || 'all'} className={`chip${filter.status === s.value ? ' chip--on' : ''}`} data-status={s.value || 'all'} onClick={() => set('status', s.value)}>
            <Text>{s.label}</Text>
          </View>
        ))}
      </View>

      <View className='queue-search'>
        <Input className='form-input queue-search__input' value={typed} placeholder='搜索需求内容或编号' confirmType='search' maxlength={40} onInput={(e) => setTyped(e.detail.value)} onConfirm={search} />
        <Text className='queue-search__go' onClick={search}>
          搜索
        </Text>
        {filter.q ? (
          <Text className='queue-search__clear' onClick={() => (setTyped(''), set('q', ''))}>
            清除
          </Text>
        ) : null}
      </View>

      <View className='queue-toolbar'>
        <Text className={`chip queue-mine${filter.mine ? ' chip--on' : ''}`} onClick={() => set('mine', !filter.mine)}>
          我的待办
        </Text>
        <Text className={`chip queue-overdue${filter.overdue ? ' chip--on' : ''}`} onClick={() => set('overdue', !filter.overdue)}>
          只看超时
        </Text>
        <Text className='queue-total'>{list ? `共 ${list.total} 件` : '正在加载…'}</Text>
        <Text className='queue-filter-toggle' onClick={() => setShowFilters(!showFilters)}>
          {showFilters ? '收起筛选' : activeFilters.length ? `筛选：${activeFilters.join('、')}` : '更多筛选'}
        </Text>
      </View>

      {showFilters ? (
        <View className='card queue-filters'>
          <Text className='form-label'>类别</Text>
          <View className='chips'>
            <View className={`chip${filter.categoryId === null ? ' chip--on' : ''}`} onClick={() => set('categoryId', null)}>
              <Text>不限</Text>
            </View>
            {categories.map((c) => (
              <View key={c.id} className={`chip${filter.categoryId === c.id ? ' chip--on' : ''}`} onClick={() => set('categoryId', c.id)}>
                <Text>{c.label}</Text>
              </View>
            ))}
          </View>
          <Text className='form-label'>紧急程度</Text>
          <View className='chips'>
            {URGENCY_FILTERS.map((u) => (
              <View key={u.value || 'any'} className={`chip${filter.urgency === u.value ? ' chip--on' : ''}`} onClick={() => set('urgency', u.value)}>
                <Text>{u.label}</Text>
              </View>
            ))}
          </View>
          <Text className='form-label'>等了多久</Text>
          <View className='chips'>
            {AGE_FILTERS.map((a) => (
              <View key={a.label} className={`chip${filter.olderThanDays === a.value ? ' chip--on' : ''}`} onClick={() => set('olderThanDays', a.value)}>
                <Text>{a.label}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {list?.items.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>没有符合条件的需求</Text>
          <Text className='empty__text'>{filter.q ? `没有找到“${filter.q}”。` : filter.mine ? '没有指派给您的需求。' : filter.status === 'reported' ? '新的居民需求都已受理。' : '换一个状态或筛选条件看看。'}</Text>
        </View>
      ) : null}
      {batch.text ? <Text className='muted queue-batch__result'>{batch.text}</Text> : null}
      {list?.items.map((n) =>
        n.status === 'reported' ? (
          <View key={n.id} className='queue-pickable'>
            <View className={`queue-pick${picked.includes(n.id) ? ' queue-pick--on' : ''}`} data-pick={n.id} onClick={() => toggle(n.id)}>
              <Text>{picked.includes(n.id) ? '✓' : ''}</Text>
            </View>
            <View className='queue-pickable__row'>
              <NeedRow item={n} showAge onClick={() => void Taro.navigateTo({ url: `/workbench/pages/need/index?id=${n.id}` })} />
            </View>
          </View>
        ) : (
          <NeedRow key={n.id} item={n} showAge onClick={() => void Taro.navigateTo({ url: `/workbench/pages/need/index?id=${n.id}` })} />
        ),
      )}
      {picked.length ? (
        <Button className='queue-batch' type='primary' block size='large' loading={batch.busy} onClick={() => void acceptPicked()}>
          {`受理所选 ${picked.length} 件`}
        </Button>
      ) : null}
      {list && list.items.length < list.total ? (
        <View className='load-more' onClick={() => void more()}>
          <Text>{loading ? '正在加载…' : `加载更多（还有 ${list.total - list.items.length} 件）`}</Text>
        </View>
      ) : null}

      <Button className='queue-proxy' block size='large' fill='outline' onClick={() => void Taro.navigateTo({ url: '/workbench/pages/report/index' })}>
        代居民上报（代报）
      </Button>
    </View>
  );
}
