import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useMemo, useState } from 'react';
import type { TreeNodeView } from '@contract/tree';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import { getSession, setMe } from '../../../store/session';
import { confirmDialog } from '../../../components/Basics';
import { safeRedirect } from '../../../utils/nav';
import './index.scss';
import { pageClass } from '../../../store/elder';

function Options({ title, nodes, selected, onPick, kind }: { title: string; nodes: TreeNodeView[]; selected: number | null; onPick: (id: number) => void; kind: string }) {
  return (
    <View className='card pick-group'>
      <Text className='pick-group__title'>{title}</Text>
      <View className='pick-group__options'>
        {nodes.map((n) => (
          <View key={n.id} className={`pick-option pick-option--${kind}${selected === n.id ? ' pick-option--on' : ''}`} onClick={() => onPick(n.id)}>
            <Text>{n.name}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** Roles that belong to a community (and stay with it when the resident moves). */
const PLACE_ROLE_LABEL: Partial<Record<string, string>> = { volunteer: '志愿者登记', staff: '社区工作人员身份', social_worker: '社工身份', org_member: '社会组织成员身份' };

/** What moving from one community to another means, said before it happens. */
export function moveNotice(from: { communityId: number; communityName: string }, toName: string, roles: Array<{ role: string; nodeId: number }>): string {
  const fromName = from.communityName;
  const kept = roles.filter((r) => PLACE_ROLE_LABEL[r.role] && r.nodeId === from.communityId).map((r) => PLACE_ROLE_LABEL[r.role]!);
  return [
    `您的住址将从“${fromName}”改为“${toName}”，楼栋和单元需要重新填写。`,
    `在${fromName}反映过的需求仍由${fromName}办理，进展照常通知您。`,
    kept.length ? `您的${[...new Set(kept)].join('、')}留在批准它的${fromName}，不会随住址转到${toName}；需要时请向新社区重新申请。` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** A new resident picks district → street → community, then building and unit; a move is confirmed first. */
export default function CommunityPage() {
  const redirect = safeRedirect(useRouter().params.redirect);
  const loaded = usePageData(() => api.tree(), []);
  // A tree that could not be loaded leaves an empty picker (the API module showed the reason).
  const tree = loaded.data ?? (loaded.error ? [] : null);
  const [districtId, setDistrictId] = useState<number | null>(null);
  const [streetId, setStreetId] = useState<number | null>(null);
  const current = getSession().me?.residence;
  const [communityId, setCommunityId] = useState<number | null>(current?.communityId ?? null);
  const [building, setBuilding] = useState(current?.building ?? '');
  const [unit, setUnit] = useState(current?.unit ?? '');
  const { errors, setErrors, busy: saving, send } = useForm();

  // One district / street: choose it for the user.
  useEffect(() => {
    const nodes = loaded.data;
    if (nodes?.length !== 1) return;
    setDistrictId(nodes[0].id);
    const streets = nodes[0].children ?? [];
    if (streets.length === 1) setStreetId(streets[0].id);
  }, [loaded.data]);

  const streets = useMemo(() => tree?.find((d) => d.id === districtId)?.children ?? [], [tree, districtId]);
  const communities = useMemo(() => streets.find((s) => s.id === streetId)?.children ?? [], [streets, streetId]);

  const save = async () => {
    const missing: Record<string, string> = {};
    if (!communityId) missing.communityId = '请选择社区';
    if (!building.trim()) missing.building = '请填写楼栋，例如 3栋';
    if (!unit.trim()) missing.unit = '请填写单元，例如 2单元';
    setErrors(missing);
    if (Object.keys(missing).length > 0 || !communityId) return;
    const me0 = getSession().me;
    if (current && current.communityId !== communityId) {
      const toName = communities.find((c) => c.id === communityId)?.name ?? '新社区';
      const sure = await confirmDialog('更换社区', moveNotice(current, toName, me0?.roles ?? []), '确定更换');
      if (!sure) return;
    }
    await send(async () => {
      const me = await api.setResidence({ communityId, building: building.trim(), unit: unit.trim() });
      setMe(me);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      if (redirect) await Taro.reLaunch({ url: redirect });
      else if (Taro.getCurrentPages().length > 1) await Taro.navigateBack();
      else await Taro.reLaunch({ url: '/pages/index/index' });
    });
  };

  if (!tree) {
    return (
      <View className={pageClass('page community')}>
        <Text className='muted'>正在加载社区列表…</Text>
      </View>
    );
  }

  return (
    <View className={pageClass('page community')}>
      <View className='community-intro'>
        <Text>请选择您居住的社区，社区会根据住址为您提供服务。</Text>
      </View>
      <Options
        kind='district'
        title='1. 所在区县'
        nodes={tree}
        selected={districtId}
        onPick={(id) => {
          setDistrictId(id);
          setStreetId(null);
          setCommunityId(null);
        }}
      />
      {districtId ? (
        <Options
          kind='street'
          title='2. 所在街道'
          nodes={streets}
          selected={streetId}
          onPick={(id) => {
            setStreetId(id);
            setCommunityId(null);
          }}
        />
      ) : null}
      {streetId ? (
        <Options
          kind='community'
          title='3. 所在社区'
          nodes={communities}
          selected={communityId}
          onPick={(id) => {
            // Another community: the old building and unit do not belong to it.
            if (id !== communityId && current && id !== current.communityId) {
              setBuilding('');
              setUnit('');
            } else if (current && id === current.communityId) {
              setBuilding(current.building);
              setUnit(current.unit);
            }
            setCommunityId(id);
          }}
        />
      ) : null}
      {current && communityId && communityId !== current.communityId ? (
        <Text className='muted community-move-hint'>{`更换社区后：在${current.communityName}反映的需求仍由${current.communityName}办理；志愿者登记等身份留在批准它的社区。`}</Text>
      ) : null}
      {errors.communityId ? <Text className='field-error'>{errors.communityId}</Text> : null}

      <View className='card'>
        <Text className='pick-group__title'>4. 楼栋和单元</Text>
        <View className='field'>
          <Text className='field__label'>楼栋</Text>
          <Input className='field__input community-building' value={building} placeholder='例如 3栋' maxlength={16} onInput={(e) => setBuilding(e.detail.value)} />
        </View>
        {errors.building ? <Text className='field-error'>{errors.building}</Text> : null}
        <View className='field'>
          <Text className='field__label'>单元</Text>
          <Input className='field__input community-unit' value={unit} placeholder='例如 2单元' maxlength={16} onInput={(e) => setUnit(e.detail.value)} />
        </View>
        {errors.unit ? <Text className='field-error'>{errors.unit}</Text> : null}
      </View>

      <Button className='community-save' type='primary' block size='xlarge' loading={saving} onClick={() => void save()}>
        保存
      </Button>
    </View>
  );
}
