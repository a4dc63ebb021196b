import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { CONTACT_PHONE, MOBILE_PHONE } from '@contract/format';
import { ORG_KIND_LABEL, ORG_KINDS, type OrgKind, type PersonLookup, type Role, ROLE_LABEL } from '@contract/users';
import { FieldError, NodeChips } from '../../../components/Basics';
import { fieldErrors } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError } from '../../../services/api';
import { peopleApi } from '../../../services/people';
import { ensureSession, useSession } from '../../../store/session';
import { confirmDialog, Loading } from '../../../volunteer/components';
import { useManagedNodes } from '../../staff';
import './index.scss';
import { pageClass } from '../../../store/elder';

/** The roles a worker hands out here (a resident joins by choosing a community; a volunteer by registering). */
const GRANTABLE: Role[] = ['staff', 'social_worker', 'org_member', 'admin'];

/** A mainland mobile, the server's rule (spaces typed in between are dropped). */
export const phoneOk = (phone: string) => MOBILE_PHONE.test(phone.replace(/\s/g, ''));

/**
 * 人员与角色: the people who work on a street or community and what they may do there. Find a
 * person by the phone they bound (exact match, shown masked), give them a role, take one away;
 * a street's admin adds a community under it; staff register a social organization.
 */
export default function PeoplePage() {
  const { me } = useSession();
  const [treeVersion, setTreeVersion] = useState(0);
  const managed = useManagedNodes(me, treeVersion);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const current = managed.find((n) => n.nodeId === nodeId) ?? managed[0] ?? null;
  const isAdmin = (id: number) => me?.roles.some((r) => r.role === 'admin' && r.nodeId === id) ?? false;
  useEffect(() => {
    void ensureSession(true);
  }, []);

  const roles = usePageData(() => (current ? peopleApi.roles(current.nodeId) : null), [current?.nodeId]);
  const orgs = usePageData(() => (current ? peopleApi.orgs(current.nodeId) : null), [current?.nodeId]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // grant
  const [phone, setPhone] = useState('');
  const [found, setFound] = useState<PersonLookup | null | undefined>(undefined);
  const [role, setRole] = useState<Role>('staff');
  const [orgId, setOrgId] = useState<number | null>(null);
  // new community, new organization
  const [communityName, setCommunityName] = useState('');
  const [orgName, setOrgName] = useState('');
  const [orgKind, setOrgKind] = useState<OrgKind>('community_org');
  const [orgContact, setOrgContact] = useState({ name: '', phone: '' });

  const act = async (what: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    try {
      const text = await what();
      setErrors({});
      void Taro.showToast({ title: text, icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError) setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const lookup = async () => {
    if (!phoneOk(phone)) return setErrors({ phone: '请输入对方绑定小程序的 11 位手机号' });
    setErrors({});
    try {
      setFound((await peopleApi.lookup(phone.replace(/\s/g, ''))).user);
    } catch (err) {
      if (err instanceof ApiError) setErrors({ phone: err.message });
    }
  };

  const grant = () => {
    if (!current || !found) return;
    if (role === 'org_member' && !orgId) return setErrors({ orgId: '请选择所属社会组织' });
    return act(async () => {
      await peopleApi.grant({ userId: found.id, nodeId: current.nodeId, role, ...(role === 'org_member' && orgId ? { orgId } : {}) });
      setFound(undefined);
      setPhone('');
      roles.reload();
      return `已任命为${ROLE_LABEL[role]}`;
    });
  };

  const revoke = async (id: number, who: string, label: string) => {
    if (!(await confirmDialog('撤销角色', `撤销${who}的“${label}”身份？对方将不能再办理相关事务。`, '撤销'))) return;
    await act(async () => {
      await peopleApi.revoke(id, '');
      roles.reload();
      return '已撤销';
    });
  };

  const addCommunity = () => {
    if (!current) return;
    if (communityName.trim().length < 2) return setErrors({ name: '请填写社区名称，例如：河滨社区' });
    return act(async () => {
      const node = await peopleApi.addCommunity(current.nodeId, communityName.trim());
      setCommunityName('');
      // Read the tree again: the new community joins the picker, ready for its first staff.
      setTreeVersion((v) => v + 1);
      return `已新增${node.name}`;
    });
  };

  const registerOrg = () => {
    if (!current) return;
    if (orgName.trim().length < 2) return setErrors({ orgName: '请填写组织名称' });
    if (!orgContact.name.trim()) return setErrors({ contactName: '请填写组织的联系人' });
    if (!CONTACT_PHONE.test(orgContact.phone.trim())) return setErrors({ contactPhone: '请填写联系人的手机号或座机（如 023-12345678）' });
    return act(async () => {
      const org = await peopleApi.registerOrg({ nodeId: current.nodeId, name: orgName.trim(), kind: orgKind, contactName: orgContact.name.trim(), contactPhone: orgContact.phone.trim() });
      setOrgName('');
      setOrgContact({ name: '', phone: '' });
      orgs.reload();
      return `已登记${org.name}`;
    });
  };

  if (!me) return <Loading className='people' error={roles.error} />;
  if (!current) return <Loading className='people' error='只有社区、街道的工作人员和管理员可以管理人员' />;
  const grantable = GRANTABLE.filter((r) => r !== 'admin' || isAdmin(current.nodeId) || managed.some((n) => n.level === 'street' && isAdmin(n.nodeId)));

  return (
    <View className={pageClass('page people')}>
      <NodeChips nodes={managed} current={current.nodeId} onPick={setNodeId} />

      <Text className='section-title'>{`${current.nodeName}的成员`}</Text>
      <View className='card people-roles'>
        {!roles.data ? <Text className='muted'>正在加载…</Text> : null}
        {roles.data?.items.length === 0 ? <Text className='muted'>还没有任命任何人</Text> : null}
        {roles.data?.items
          .filter((r) => r.role !== 'resident' && r.role !== 'volunteer')
          .map((r) => (
            <View key={r.id} className='people-role' data-role={r.id}>
              <View className='people-role__main'>
                <Text className='people-role__name'>{`${r.nickname}${r.phoneMasked ? ` · ${r.phoneMasked}` : ''}`}</Text>
                <Text className='muted'>{`${r.roleLabel} · ${r.nodeName}${r.orgName ? ` · ${r.orgName}` : ''}`}</Text>
              </View>
              {r.userId !== me.id ? (
                <Text className='link people-role__revoke' onClick={() => void revoke(r.id, r.nickname, r.roleLabel)}>
                  撤销
                </Text>
              ) : null}
            </View>
          ))}
      </View>

      <Text className='section-title'>添加成员</Text>
      <View className='card people-grant'>
        <Text className='form-label'>对方绑定小程序的手机号</Text>
        <View className='people-grant__find'>
          <Input className='form-input people-grant__phone' type='number' maxlength={11} value={phone} placeholder='例如 13800001111' onInput={(e) => (setPhone(e.detail.value), setFound(undefined))} />
          <Button className='people-grant__lookup' size='large' onClick={() => void lookup()}>
            查找
          </Button>
        </View>
        <FieldError errors={errors} field='phone' />
        {found === null ? <Text className='muted people-grant__none'>没有找到：请对方先登录小程序，在“我的”中绑定手机号并选择所在社区</Text> : null}
        {found ? (
          <>
            <Text className='people-grant__found'>{`${found.nickname}${found.phoneMasked ? ` · ${found.phoneMasked}` : ''}`}</Text>
            <Text className='form-label'>{`在${current.nodeName}担任`}</Text>
            <View className='chips'>
              {grantable.map((r) => (
                <Text key={r} className={`chip people-grant__role people-grant__role--${r}${role === r ? ' chip--on' : ''}`} onClick={() => setRole(r)}>
                  {ROLE_LABEL[r]}
                </Text>
              ))}
            </View>
            {role === 'org_member' ? (
              <View className='chips'>
                {(orgs.data ?? []).map((o) => (
                  <Text key={o.id} className={`chip${orgId === o.id ? ' chip--on' : ''}`} onClick={() => setOrgId(o.id)}>
                    {o.name}
                  </Text>
                ))}
                {orgs.data?.length === 0 ? <Text className='muted'>本节点还没有登记社会组织，请先在下方登记</Text> : null}
              </View>
            ) : null}
            <FieldError errors={errors} field='orgId' />
            <FieldError errors={errors} field='role' />
            <Button className='people-grant__submit' type='primary' block size='large' loading={busy} onClick={() => void grant()}>
              {`任命为${ROLE_LABEL[role]}`}
            </Button>
          </>
        ) : null}
      </View>

      {current.level === 'street' && isAdmin(current.nodeId) ? (
        <>
          <Text className='section-title'>新增社区</Text>
          <View className='card people-community'>
            <Input className='form-input people-community__name' value={communityName} maxlength={64} placeholder={`${current.nodeName}下的新社区名称`} onInput={(e) => setCommunityName(e.detail.value)} />
            <FieldError errors={errors} field='name' />
            <Button className='people-community__submit' block size='large' loading={busy} onClick={() => void addCommunity()}>
              新增社区
            </Button>
          </View>
        </>
      ) : null}

      <Text className='section-title'>社会组织</Text>
      <View className='card people-orgs'>
        {(orgs.data ?? []).map((o) => (
          <Text key={o.id} className='people-org'>{`${o.name} · ${o.kindLabel}${o.contact?.name ? ` · 联系人 ${o.contact.name} ${o.contact.phoneMasked ?? ''}` : ''}`}</Text>
        ))}
        <Input className='form-input people-orgs__name' value={orgName} maxlength={64} placeholder='组织名称，例如：文昌社区邻里互助会' onInput={(e) => setOrgName(e.detail.value)} />
        <FieldError errors={errors} field='orgName' />
        <Input className='form-input people-orgs__contact' value={orgContact.name} maxlength={32} placeholder='联系人姓名' onInput={(e) => setOrgContact((c) => ({ ...c, name: e.detail.value }))} />
        <FieldError errors={errors} field='contactName' />
        <Input className='form-input people-orgs__phone' value={orgContact.phone} maxlength={13} placeholder='联系电话（手机或座机）' onInput={(e) => setOrgContact((c) => ({ ...c, phone: e.detail.value }))} />
        <FieldError errors={errors} field='contactPhone' />
        <View className='chips'>
          {ORG_KINDS.map((k) => (
            <Text key={k} className={`chip${orgKind === k ? ' chip--on' : ''}`} onClick={() => setOrgKind(k)}>
              {ORG_KIND_LABEL[k]}
            </Text>
          ))}
        </View>
        <Button className='people-orgs__submit' block size='large' loading={busy} onClick={() => void registerOrg()}>
          登记社会组织
        </Button>
      </View>
    </View>
  );
}
