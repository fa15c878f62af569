// zh-CN by default, English on request; the choice is kept in localStorage.
import { observable } from './hooks/observable';

export type Lang = 'zh-CN' | 'en';
const KEY = 'ow.lang';

type Dict = Record<string, [zh: string, en: string]>;

const M = {
  app_name: ['一网通办', 'OneWindow'],
  app_tagline: ['健康码 · 场所通行 · 政务服务', 'Health code · Checkpoints · Public services'],
  skip_to_content: ['跳到主要内容', 'Skip to main content'],
  language: ['语言', 'Language'],
  switch_lang: ['English', '中文'],
  switch_lang_label: ['Switch to English', '切换到中文'],
  menu: ['菜单', 'Menu'],
  loading: ['加载中…', 'Loading…'],
  retry: ['重试', 'Retry'],
  save: ['保存', 'Save'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  back: ['返回', 'Back'],
  close: ['关闭', 'Close'],
  delete: ['删除', 'Delete'],
  add: ['添加', 'Add'],
  remove: ['移除', 'Remove'],
  refresh: ['刷新', 'Refresh'],
  optional: ['（选填）', '(optional)'],
  required: ['必填', 'Required'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  none: ['无', 'None'],
  empty_list: ['暂无记录', 'Nothing here yet'],
  not_available: ['该服务尚未在本平台开通。', 'This service is not available on this installation yet.'],
  network_error: ['网络连接失败，请检查网络后重试。', 'Network error: check your connection and try again.'],
  error_generic: ['操作失败', 'Something went wrong'],
  error_forbidden: ['您没有执行此操作的权限。', 'You are not allowed to do this.'],
  error_session: ['登录已过期，请重新登录。', 'Your session has expired; please log in again.'],
  fix_fields: ['请修改标出的项目。', 'Please correct the marked fields.'],
  done: ['已完成', 'Done'],
  saved: ['已保存', 'Saved'],

  // navigation
  nav_home: ['首页', 'Home'],
  nav_code: ['健康码', 'Health code'],
  nav_checkin: ['健康打卡', 'Daily check-in'],
  nav_declare: ['健康申报', 'Health declaration'],
  nav_appeal: ['申诉', 'Appeal'],
  nav_passes: ['通行记录', 'Pass history'],
  nav_visit: ['扫场所码', 'Scan a place code'],
  visit_title: ['扫场所码登记', 'Record a visit with the place code'],
  visit_intro: ['进出场所时扫描张贴的场所码，系统会记录您的到访并核验健康码。', 'Scan the code posted at the entrance: your visit is recorded and your health code checked.'],
  visit_camera: ['扫描场所码', 'Scan the place code'],
  visit_code: ['场所码内容', 'Place code content'],
  visit_ok: ['登记成功', 'Visit recorded'],
  nav_inbox: ['消息', 'Inbox'],
  nav_enterprises: ['企业', 'Enterprises'],
  nav_profile: ['我的信息', 'My profile'],
  nav_checkpoint: ['卡口扫码', 'Checkpoint scan'],
  nav_reviews: ['审核与申诉', 'Reviews & appeals'],
  nav_signals: ['部门信号', 'Department signals'],
  nav_cases: ['病例报告', 'Case reports'],
  nav_risk: ['风险地区', 'Risk areas'],
  nav_places: ['场所与人员', 'Places & staff'],
  nav_stats: ['场所统计', 'Place statistics'],
  nav_tasks: ['社区任务', 'Community tasks'],
  nav_admin_users: ['用户与角色', 'Users & roles'],
  nav_admin_clients: ['单点登录平台', 'SSO client platforms'],
  nav_admin_rules: ['规则与密钥', 'Rules and keys'],
  nav_admin_audit: ['审计日志', 'Audit log'],
  section_citizen: ['个人服务', 'My services'],
  section_checkpoint: ['卡口', 'Checkpoint'],
  section_official: ['防控工作', 'Officials'],
  section_admin: ['系统管理', 'Administration'],
  login: ['登录', 'Log in'],
  logout: ['退出登录', 'Log out'],
  register: ['注册', 'Register'],

  // auth
  login_title: ['登录一网通办', 'Log in to OneWindow'],
  login_intro: ['使用身份证号和密码登录。', 'Log in with your resident ID number and password.'],
  id_number: ['身份证号', 'Resident ID number'],
  id_number_hint: ['18 位居民身份证号码，末位可为 X', '18-digit resident ID; the last character may be X'],
  password: ['密码', 'Password'],
  password_hint: ['至少 8 位', 'At least 8 characters'],
  password_repeat: ['再次输入密码', 'Repeat password'],
  show_password: ['显示密码', 'Show password'],
  no_account: ['还没有账号？', 'No account yet?'],
  have_account: ['已有账号？', 'Already registered?'],
  register_now: ['实名注册', 'Register with your real name'],
  login_failed: ['身份证号或密码错误。', 'Wrong ID number or password.'],
  login_throttled: ['尝试次数过多，请稍后再试。', 'Too many attempts; please wait and try again.'],
  register_title: ['实名注册', 'Real-name registration'],
  register_intro: [
    '仅收集姓名、身份证号和密码，手机号选填。身份证号加密存储，他人只能看到脱敏信息。',
    'We only ask for your name, ID number and a password; a phone number is optional. Your ID number is stored encrypted and others only see it masked.',
  ],
  real_name: ['真实姓名', 'Real name'],
  real_name_hint: ['与身份证一致，可含汉字、字母和“·”', 'As on your ID card; Chinese characters, letters and “·”'],
  phone: ['手机号', 'Mobile phone'],
  phone_hint: ['大陆手机号，11 位', 'Mainland mobile, 11 digits'],
  registered_ok: ['注册成功，正在登录…', 'Registered. Logging you in…'],
  duplicate_id: ['该身份证号已注册，请直接登录。', 'This ID number is already registered; please log in.'],
  err_name: ['请输入 1–40 个字符的真实姓名（汉字、字母或“·”）。', 'Enter your real name, 1–40 characters (Chinese, Latin letters or “·”).'],
  err_id_empty: ['请输入身份证号。', 'Enter your ID number.'],
  err_id_length: ['身份证号应为 18 位。', 'The ID number has 18 characters.'],
  err_id_chars: ['身份证号只能包含数字，末位可为 X。', 'Only digits, and X as the last character.'],
  err_id_region: ['前 6 位地区码无效。', 'The 6-digit region code is not valid.'],
  err_id_birth: ['出生日期（第 7–14 位）无效。', 'The birth date (characters 7–14) is not valid.'],
  err_id_check: ['校验码（末位）不正确，请核对号码。', 'The check digit (last character) does not match; please check the number.'],
  id_ok: ['号码格式正确', 'Number is well-formed'],
  err_password: ['密码至少 8 位。', 'The password needs at least 8 characters.'],
  err_password_repeat: ['两次输入的密码不一致。', 'The passwords do not match.'],
  err_phone: ['请输入 11 位大陆手机号。', 'Enter an 11-digit mainland mobile number.'],

  // home
  hello: ['您好，{name}', 'Hello, {name}'],
  home_intro: ['选择要办理的服务。', 'Choose a service.'],
  roles: ['角色', 'Roles'],
  role_citizen: ['居民', 'Citizen'],
  role_checkpoint_staff: ['卡口工作人员', 'Checkpoint staff'],
  role_community_worker: ['社区工作者', 'Community worker'],
  role_health_official: ['卫健工作人员', 'Health official'],
  role_service_officer: ['政务服务人员', 'Service officer'],
  role_department_system: ['部门系统', 'Department system'],
  role_admin: ['管理员', 'Administrator'],
  scope: ['范围', 'Scope'],
  profile_name: ['姓名', 'Name'],
  profile_id: ['身份证号', 'ID number'],
  profile_birth: ['出生日期', 'Date of birth'],
  profile_sex: ['性别', 'Sex'],
  sex_M: ['男', 'Male'],
  sex_F: ['女', 'Female'],
  profile_region: ['户籍地区码', 'Region code'],

  // health code
  code_title: ['我的健康码', 'My health code'],
  colour_green: ['绿码', 'Green code'],
  colour_yellow: ['黄码', 'Yellow code'],
  colour_red: ['红码', 'Red code'],
  colour_unknown: ['未知', 'Unknown'],
  colour_green_hint: ['凭绿码通行', 'You may pass'],
  colour_yellow_hint: ['需居家观察并每日打卡', 'Stay at home and check in daily'],
  colour_red_hint: ['需隔离观察并每日打卡', 'Quarantine and check in daily'],
  code_qr_alt: ['健康码二维码（{colour}），{name}', 'Health code QR ({colour}), {name}'],
  code_valid_until: ['有效至 {time}，到期前自动刷新', 'Valid until {time}; refreshes itself'],
  code_refreshing: ['正在刷新…', 'Refreshing…'],
  code_refresh_now: ['立即刷新', 'Refresh now'],
  code_reasons: ['赋码原因', 'Why this colour'],
  code_no_reasons: ['无异常记录。', 'Nothing unusual on record.'],
  streak: ['已连续打卡 {n}/{of} 天', 'Checked in {n}/{of} days in a row'],
  turns_green_on: ['预计 {date} 转绿', 'Expected to turn green on {date}'],
  turns_green_hint: ['隔离期满且连续打卡达标后自动转为绿码；漏打卡一天需重新计算。', 'Turns green once the period has passed and the daily check-ins are complete; a missed day restarts the count.'],
  code_timeline: ['赋码记录', 'Colour history'],
  code_not_declared: ['您还没有健康码，请先完成健康申报。', 'You have no health code yet: please make a health declaration first.'],
  code_offline_note: ['截图无效：二维码每几分钟更新一次。', 'Screenshots stop working: the QR renews every few minutes.'],
  masked_name: ['姓名', 'Name'],
  cause_declaration: ['健康申报', 'Health declaration'],
  cause_correction: ['信息更正', 'Correction'],
  cause_checkin: ['健康打卡', 'Daily check-in'],
  cause_review: ['人工审核', 'Official review'],
  cause_appeal: ['申诉处理', 'Appeal decision'],
  cause_time: ['观察期满', 'Period over'],
  cause_case: ['病例报告', 'Case report'],
  cause_risk_area: ['风险地区', 'Risk area'],
  cause_trace: ['密接追踪', 'Contact tracing'],

  // check-in
  checkin_title: ['每日健康打卡', 'Daily health check-in'],
  checkin_intro: ['每天打卡一次。体温 ≥ 37.3 °C 或有症状视为异常。', 'Check in once a day. 37.3 °C or above, or any symptom, counts as abnormal.'],
  temperature: ['体温（°C）', 'Temperature (°C)'],
  err_temperature: ['请输入 34.0–43.0 之间的体温。', 'Enter a temperature between 34.0 and 43.0.'],
  symptoms: ['症状', 'Symptoms'],
  symptoms_none: ['以上均无', 'None of these'],
  sym_fever: ['发热', 'Fever'],
  sym_cough: ['咳嗽', 'Cough'],
  sym_fatigue: ['乏力', 'Fatigue'],
  sym_sore_throat: ['咽痛', 'Sore throat'],
  sym_loss_of_smell: ['嗅觉减退', 'Loss of smell'],
  sym_loss_of_taste: ['味觉减退', 'Loss of taste'],
  sym_shortness_of_breath: ['呼吸困难', 'Shortness of breath'],
  sym_diarrhea: ['腹泻', 'Diarrhoea'],
  sym_muscle_ache: ['肌肉酸痛', 'Muscle ache'],
  sym_runny_nose: ['流涕', 'Runny nose'],
  sym_conjunctivitis: ['结膜炎', 'Conjunctivitis'],
  checkin_ok: ['打卡成功，当前为{colour}，已连续打卡 {n} 天。', 'Checked in. Your code is now {colour}; {n} days in a row.'],
  checkin_already: ['今天已经打过卡了。', 'You have already checked in today.'],

  // declaration
  declare_title: ['健康申报', 'Health declaration'],
  declare_intro: ['如实填报，系统将根据规则自动赋码；存疑的申报由卫健工作人员审核。', 'Answer truthfully: the rules assign your colour; uncertain cases are reviewed by health officials.'],
  residence_region: ['现居住地区码', 'Current residence (region code)'],
  residence_region_hint: ['6 位行政区划代码，例如 330104（杭州市江干区）', '6-digit administrative region code, e.g. 330104'],
  err_region: ['请输入 6 位地区码。', 'Enter a 6-digit region code.'],
  travel: ['近 14 天行程', 'Travel in the last 14 days'],
  travel_region: ['地区码', 'Region code'],
  travel_from: ['开始日期', 'From'],
  travel_to: ['结束日期', 'To'],
  travel_add: ['添加行程', 'Add a trip'],
  travel_none: ['近 14 天未离开居住地。', 'No travel in the last 14 days.'],
  trip_n: ['行程 {n}', 'Trip {n}'],
  contact_with_case: ['近 14 天是否接触过确诊或疑似病例？', 'Contact with a confirmed or suspected case in the last 14 days?'],
  consent: ['本人承诺以上信息真实准确，并同意用于疫情防控。', 'I confirm the above is true and agree to its use for epidemic control.'],
  err_consent: ['提交前请确认承诺。', 'Please confirm before submitting.'],
  declared_ok: ['申报成功，当前为{colour}。', 'Declared. Your code is now {colour}.'],
  declared_review: ['您的申报需人工审核，结果将通过消息通知您。', 'Your declaration will be reviewed; you will be told in your inbox.'],
  view_code: ['查看健康码', 'View my health code'],

  // appeal
  appeal_title: ['健康码申诉', 'Appeal my code colour'],
  appeal_intro: ['如认为赋码有误，请说明理由，卫健工作人员会复核并告知结果。', 'If you think your colour is wrong, tell us why; a health official will review it.'],
  appeal_text: ['申诉理由', 'Reason for the appeal'],
  appeal_text_hint: ['例如：当日未前往该地区，可提供行程证明。', 'E.g. you were not in that area that day and can show proof.'],
  err_appeal_text: ['请填写申诉理由（至少 5 个字）。', 'Please explain (at least 5 characters).'],
  appeal_sent: ['申诉已提交，请留意消息通知。', 'Appeal submitted; watch your inbox.'],
  my_appeals: ['我的申诉', 'My appeals'],
  status: ['状态', 'Status'],
  status_pending: ['待处理', 'Pending'],
  status_open: ['待处理', 'Open'],
  status_decided: ['已处理', 'Decided'],
  decision_approve: ['维持原结果', 'Colour kept'],
  decision_override: ['已改码', 'Colour changed'],
  status_approved: ['已通过', 'Approved'],
  status_rejected: ['未通过', 'Rejected'],
  status_overridden: ['已改码', 'Colour changed'],
  outcome: ['处理结果', 'Outcome'],

  // passes / inbox / enterprises
  passes_title: ['我的通行记录', 'My pass history'],
  place: ['场所', 'Place'],
  time: ['时间', 'Time'],
  direction: ['方向', 'Direction'],
  dir_in: ['进', 'In'],
  dir_out: ['出', 'Out'],
  result: ['结果', 'Result'],
  allowed: ['允许通行', 'Allowed'],
  refused: ['禁止通行', 'Refused'],
  inbox_title: ['消息', 'Inbox'],
  mark_read: ['标为已读', 'Mark as read'],
  unread: ['未读', 'Unread'],
  unread_count: ['{n} 条未读', '{n} unread'],
  inbox_intro: ['赋码变化、社区任务和风险地区通知。', 'Colour changes, community tasks and risk-area notices.'],
  mark_all_read: ['全部标为已读', 'Mark all as read'],
  open_link: ['查看', 'Open'],
  msg_kind_colour_change: ['赋码变化', 'Colour change'],
  msg_kind_trace: ['密接通知', 'Contact tracing'],
  msg_kind_risk_area: ['风险地区', 'Risk area'],
  msg_kind_notice: ['公告', 'Notice'],
  msg_kind_task: ['社区任务', 'Community task'],
  ent_title: ['我的企业', 'My enterprises'],
  ent_intro: ['以法定代表人或经办人身份为企业办理业务。', 'Act for an enterprise as its legal representative or agent.'],
  ent_register: ['登记企业', 'Register an enterprise'],
  credit_code: ['统一社会信用代码', 'Unified social credit code'],
  credit_code_hint: ['18 位，含校验码', '18 characters including the check character'],
  ent_name: ['企业名称', 'Enterprise name'],
  relation: ['身份', 'Relation'],
  rel_legal_representative: ['法定代表人', 'Legal representative'],
  rel_agent: ['经办人', 'Agent'],
  ent_add_agent: ['添加经办人', 'Add an agent'],
  ent_agent_id: ['经办人身份证号', 'Agent’s ID number'],
  err_credit_code: ['统一社会信用代码应为 18 位数字或大写字母。', 'The code has 18 digits or capital letters.'],

  // consent (OIDC)
  consent_title: ['授权登录', 'Log in to another platform'],
  consent_intro: ['{client} 请求使用您的一网通办身份登录。', '{client} asks to log you in with your OneWindow identity.'],
  consent_scopes: ['对方将获得：', 'It will receive:'],
  scope_openid: ['一个不含个人信息的用户标识', 'An identifier that reveals nothing about you'],
  scope_profile: ['脱敏姓名（如 张*三）', 'Your masked name (e.g. 张*三)'],
  scope_real_name: ['实名认证后的真实姓名', 'Your verified real name'],
  scope_id_number: ['身份证号', 'Your ID number'],
  scope_phone: ['手机号', 'Your mobile phone number'],
  scope_health_code: ['健康码颜色', 'Your health code colour'],
  consent_redirect: ['授权后将返回：{uri}', 'You will return to: {uri}'],
  consent_allow: ['同意并登录', 'Allow and log in'],
  consent_deny: ['拒绝', 'Deny'],
  consent_bad: ['授权请求无效：{detail}', 'This sign-in request is not valid: {detail}'],

  // checkpoint
  cp_title: ['卡口扫码', 'Checkpoint scan'],
  cp_place: ['当前场所', 'Place'],
  cp_pick_place: ['选择场所', 'Choose the place'],
  cp_place_id: ['场所编号', 'Place ID'],
  cp_no_places: ['您尚未被分配到任何场所。请联系管理员，或手动输入场所编号。', 'You are not assigned to any place. Ask an administrator, or type the place ID.'],
  cp_direction: ['通行方向', 'Direction'],
  cp_start_camera: ['打开摄像头扫码', 'Scan with the camera'],
  cp_stop_camera: ['关闭摄像头', 'Stop the camera'],
  cp_camera_error: ['无法打开摄像头：{detail}。可手动输入或上传图片。', 'Cannot open the camera: {detail}. Type or upload the code instead.'],
  cp_camera_hint: ['将健康码对准取景框', 'Hold the health code inside the frame'],
  cp_manual: ['手动输入或粘贴', 'Type or paste a code'],
  cp_payload: ['健康码内容（OW1:… 或 HC1:…）', 'Code content (OW1:… or HC1:…)'],
  cp_verify: ['核验', 'Verify'],
  cp_upload: ['上传二维码图片', 'Upload a QR image'],
  cp_upload_none: ['图片中未找到二维码。', 'No QR code found in the picture.'],
  cp_online: ['在线', 'Online'],
  cp_offline: ['离线', 'Offline'],
  cp_offline_mode: ['离线模式：仅本地核验签名和有效期，记录将在联网后上传。', 'Offline: only the signature and expiry are checked here; records upload when back online.'],
  cp_force_offline: ['模拟离线', 'Work offline'],
  cp_queue: ['待上传记录', 'Records waiting to upload'],
  cp_queue_empty: ['没有待上传的记录。', 'No records waiting.'],
  cp_upload_now: ['立即上传', 'Upload now'],
  cp_uploaded: ['已上传 {n} 条记录。', 'Uploaded {n} records.'],
  cp_trust_list: ['信任列表', 'Trust list'],
  cp_trust_list_age: ['{n} 把密钥，更新于 {time}', '{n} keys, updated {time}'],
  cp_trust_list_none: ['尚未缓存，离线时无法核验。', 'Not cached: cannot verify offline.'],
  cp_next: ['继续扫码', 'Next scan'],
  cp_pass: ['请通行', 'Please pass'],
  cp_stop: ['禁止通行', 'Do not pass'],
  cp_refused: ['无效码', 'Invalid code'],
  cp_verified_offline: ['离线核验（仅签名与有效期）', 'Verified offline (signature and expiry only)'],
  cp_queued: ['已加入上传队列', 'Queued for upload'],
  cp_recent: ['最近核验', 'Recent scans'],
  reason_expired: ['二维码已过期（可能是截图），请刷新健康码', 'The code has expired (maybe a screenshot): refresh it'],
  reason_not_yet_valid: ['二维码尚未生效，请检查设备时间', 'The code is not valid yet: check the clock'],
  reason_bad_signature: ['签名无效，疑似伪造', 'Bad signature: possibly forged'],
  reason_unknown_kid: ['签发机构未知（不在信任列表中）', 'Unknown issuer (not in the trust list)'],
  reason_key_not_valid: ['签发密钥已失效', 'The issuing key is no longer valid'],
  reason_bad_prefix: ['不是健康码', 'Not a health code'],
  reason_bad_base45: ['二维码内容损坏', 'The code is damaged'],
  reason_bad_zlib: ['二维码内容损坏', 'The code is damaged'],
  reason_bad_cbor: ['二维码内容损坏', 'The code is damaged'],
  reason_bad_cose: ['二维码内容损坏', 'The code is damaged'],
  reason_bad_claims: ['二维码内容不完整', 'The code is incomplete'],
  reason_issuer_mismatch: ['签发地区与密钥不符', 'The issuer does not match its key'],
  reason_unsupported_alg: ['不支持的签名算法', 'Unsupported signature algorithm'],
  reason_colour_changed: ['赋码颜色已变更，请刷新健康码', 'The colour has changed since issue: refresh the code'],
  reason_not_assigned: ['您未被分配到该场所', 'You are not assigned to this place'],
  reason_hcert: ['境外健康证书，请人工核查', 'Foreign health certificate: check it by hand'],
  reason_yellow_code: ['黄码，需居家观察', 'Yellow code: home observation'],
  reason_red_code: ['红码，需隔离观察', 'Red code: quarantine'],
  reason_unknown_person: ['查无此人', 'Unknown person'],
  reason_ok: ['核验通过', 'Verified'],
  reason_unreadable: ['无法识别的码', 'Unreadable code'],
  reason_forged: ['伪造或签名无效', 'Forged or bad signature'],
  reason_unknown_issuer: ['签发机构未知', 'Unknown issuer'],
  chart_table: ['{title}（数据表）', '{title} (table)'],

  // officials
  rv_title: ['审核与申诉', 'Reviews and appeals'],
  rv_intro: ['处理本辖区存疑申报和居民申诉。每项决定都需填写理由并记入审计。', 'Handle uncertain declarations and appeals in your region. Every decision needs a reason and is audited.'],
  rv_kind_review: ['申报审核', 'Declaration review'],
  rv_kind_appeal: ['申诉', 'Appeal'],
  rv_approve: ['维持系统结果', 'Approve the rules’ colour'],
  rv_override: ['改为', 'Change to'],
  rv_reason: ['决定理由', 'Reason for the decision'],
  rv_err_reason: ['请填写理由。', 'Please give a reason.'],
  rv_decided: ['已处理', 'Decided'],
  rv_current: ['当前颜色', 'Current colour'],
  rv_submitted: ['提交时间', 'Submitted'],
  sg_title: ['部门信号', 'Department signals'],
  sg_intro: ['录入其他部门的信息（发热门诊、购药、检测结果等），系统据此自动调整赋码。', 'Record information from other departments; the rules recolour people accordingly.'],
  sg_kind: ['信号类型', 'Signal'],
  sg_fever_clinic_visit: ['发热门诊就诊', 'Fever-clinic visit'],
  sg_fever_drug_purchase: ['购买退烧药', 'Fever-medicine purchase'],
  sg_test_positive: ['核酸检测阳性', 'Positive test'],
  sg_test_negative: ['核酸检测阴性', 'Negative test'],
  sg_stay_medium_risk_area: ['到访中风险地区', 'Stay in a medium-risk area'],
  sg_stay_high_risk_area: ['到访高风险地区', 'Stay in a high-risk area'],
  sg_close_contact: ['密切接触者', 'Close contact'],
  sg_suspected_case: ['疑似病例', 'Suspected case'],
  sg_confirmed_case: ['确诊病例', 'Confirmed case'],
  sg_asymptomatic_case: ['无症状感染者', 'Asymptomatic infection'],
  scope_masked_id: ['脱敏身份证号', 'Your masked ID number'],
  sg_source: ['信息来源', 'Source'],
  sg_date: ['发生日期', 'Date'],
  sg_sent: ['已录入，当前颜色：{colour}', 'Recorded; colour now: {colour}'],
  cs_title: ['传染病直报', 'Case reports'],
  cs_intro: ['医疗机构或卫健部门报告病例；被报告人员立即转为红码，系统随即按通行记录追踪密切接触者。', 'A hospital or health official reports a case; the person turns red at once and close contacts are traced from pass records.'],
  cs_report: ['报告病例', 'Report a case'],
  cs_list: ['已报告病例', 'Reported cases'],
  cs_status: ['病例状态', 'Case status'],
  cs_suspected: ['疑似', 'Suspected'],
  cs_confirmed: ['确诊', 'Confirmed'],
  cs_asymptomatic: ['无症状感染者', 'Asymptomatic'],
  cs_excluded: ['已排除', 'Excluded'],
  cs_onset: ['发病或采样日期', 'Onset or sampling date'],
  cs_unit: ['报告单位', 'Reporting unit'],
  cs_reported: ['已报告，病例编号 {id}：密接 {close} 人，次密接 {secondary} 人。', 'Reported as case {id}: {close} close and {secondary} secondary contacts.'],
  cs_reported_at: ['报告时间', 'Reported at'],
  cs_counts: ['接触者', 'Contacts'],
  cs_counts_value: ['密接 {close} 人 · 次密接 {secondary} 人', '{close} close · {secondary} secondary'],
  cs_traced_at: ['追踪时间', 'Traced at'],
  cs_not_traced: ['尚未追踪', 'Not traced yet'],
  cs_confirm: ['确认病例', 'Confirm'],
  cs_exclude: ['排除病例', 'Exclude'],
  cs_retrace: ['重新追踪', 'Trace again'],
  cs_contacts: ['密接追踪结果', 'Contact tracing results'],
  cs_trace: ['查看密接', 'Show contacts'],
  cs_hide_contacts: ['收起密接', 'Hide contacts'],
  cs_level: ['类别', 'Level'],
  cs_level_close: ['密切接触者', 'Close contact'],
  cs_level_secondary: ['次密接', 'Secondary contact'],
  cs_first_contact: ['首次接触', 'First contact'],
  cs_via: ['（经 {name}）', '(via {name})'],
  cs_evidence: ['依据（场所与时间）', 'Evidence (place and times)'],
  cs_case_time: ['病例在场', 'Case present'],
  cs_contact_time: ['接触者在场', 'Contact present'],
  cs_entry_only: ['仅有进场记录', 'entry record only'],
  cs_no_contacts: ['未发现接触者。', 'No contacts found.'],
  note: ['备注', 'Note'],
  ra_title: ['风险地区', 'Risk areas'],
  ra_publish: ['发布风险地区', 'Publish a risk area'],
  ra_name: ['名称', 'Name'],
  ra_name_hint: ['不填时按场所名称或地区码命名', 'Defaults to the place names or the region code'],
  ra_level: ['风险等级', 'Level'],
  ra_level_hint: ['高风险：到访人员转红码；中风险：到访人员转黄码。', 'High: visitors turn red; medium: visitors turn yellow.'],
  ra_high: ['高风险', 'High risk'],
  ra_medium: ['中风险', 'Medium risk'],
  ra_scope: ['范围', 'Covers'],
  ra_scope_by_region: ['按地区码', 'A region'],
  ra_scope_by_places: ['按场所', 'Chosen places'],
  ra_scope_region: ['地区 {region}', 'Region {region}'],
  ra_region: ['地区码', 'Region code'],
  ra_region_hint: ['2、4 或 6 位行政区划代码，如 330102', '2, 4 or 6 digits of the GB/T 2260 code, e.g. 330102'],
  ra_region_invalid: ['地区码应为 2、4 或 6 位数字。', 'The region code has 2, 4 or 6 digits.'],
  ra_need_region: ['请填写地区码。', 'Enter a region code.'],
  ra_need_places: ['请至少选择一个场所。', 'Choose at least one place.'],
  ra_places: ['场所', 'Places'],
  ra_picked: ['（已选 {n} 个）', '({n} chosen)'],
  ra_filter_places: ['筛选场所', 'Filter places'],
  ra_no_places: ['尚未登记场所。', 'No places registered yet.'],
  ra_from: ['开始日期', 'From'],
  ra_from_hint: ['当天 0 时起，不能晚于今天', 'From the start of that day; not later than today'],
  ra_to: ['结束日期', 'To'],
  ra_to_hint: ['至当天 24 时', 'Until the end of that day'],
  ra_window: ['时间段', 'Period'],
  colon: ['：', ': '],
  ra_lift: ['解除', 'Lift'],
  ra_lifted: ['已解除', 'Lifted'],
  ra_lifted_at: ['解除于', 'lifted'],
  ra_published_at: ['发布于', 'Published'],
  ra_published: ['已发布。', 'Published.'],
  ra_affected: ['{n} 名到访人员已重新赋码并收到通知。', '{n} people who were there have been recoloured and told.'],
  ra_current: ['当前风险地区', 'Current risk areas'],
  ra_all: ['全部风险地区（含已解除）', 'All risk areas (including lifted)'],
  ra_show_lifted: ['显示已解除', 'Show lifted'],
  nav_notices: ['疫情公告', 'Epidemic notices'],
  nt_title: ['疫情防控公告：中高风险地区', 'Epidemic notices: medium- and high-risk areas'],
  nt_intro: ['以下为卫生健康部门发布的当前中、高风险地区。无需登录即可查看。', 'The medium- and high-risk areas currently published by the health authority. No login needed.'],
  nt_feed: ['订阅（Atom）', 'Subscribe (Atom feed)'],
  nt_json: ['JSON 数据', 'JSON data'],
  nt_as_of: ['更新于 {at}', 'As of {at}'],
  nt_counts: ['高风险 {high} 个，中风险 {medium} 个', '{high} high-risk, {medium} medium-risk'],
  nt_none: ['目前没有中、高风险地区。', 'There are no medium- or high-risk areas at present.'],
  nt_advice: ['如您在上述时间段内到访过这些地区，请主动向所在社区报告，并配合核酸检测。', 'If you were in one of these areas during its period, please tell your community and take a test.'],
  nt_link: ['查看疫情公告（无需登录）', 'Epidemic notices (no login needed)'],
  pl_title: ['场所与人员', 'Places and staff'],
  pl_new: ['登记场所', 'Register a place'],
  pl_name: ['场所名称', 'Name'],
  pl_kind: ['类型', 'Kind'],
  pl_kind_community_gate: ['社区卡口', 'Community gate'],
  pl_kind_other: ['其他', 'Other'],
  pl_kind_venue: ['公共场所', 'Venue'],
  pl_kind_hospital: ['医院', 'Hospital'],
  pl_kind_station: ['车站', 'Station'],
  pl_kind_office: ['办公场所', 'Office'],
  pl_address: ['地址', 'Address'],
  pl_capacity: ['容量', 'Capacity'],
  pl_code: ['场所码', 'Place code'],
  pl_staff: ['指派卡口人员', 'Assign checkpoint staff'],
  pl_staff_id: ['工作人员身份证号', 'Staff member’s ID number'],
  pl_created: ['场所已登记：{id}', 'Place registered: {id}'],
  pl_print: ['打印场所码', 'Print the place code'],
  st_title: ['场所统计', 'Place statistics'],
  st_passes_per_hour: ['每小时通行量', 'Passes per hour'],
  st_refusals: ['拒绝通行原因', 'Refusals by reason'],
  st_date: ['日期', 'Date'],
  st_export_csv: ['导出 CSV', 'Export CSV'],
  st_total: ['合计 {n} 人次，拒绝 {r} 人次', '{n} passes, {r} refused'],
  tk_title: ['社区任务', 'Community tasks'],
  tk_intro: ['由密接追踪、风险地区和赋码变化自动生成的居民联系、隔离和检测任务。', 'Residents to contact, quarantine or test, created by tracing, risk areas and colour changes.'],
  tk_kind_contact: ['联系', 'Contact'],
  tk_kind_quarantine: ['隔离', 'Quarantine'],
  tk_kind_test: ['检测', 'Test'],
  tk_note: ['处理备注', 'Note'],
  tk_note_hint: ['如：已电话联系，已安排上门核酸。', 'E.g. phoned; home test arranged.'],
  tk_done: ['标记完成', 'Mark done'],
  tk_open: ['待办', 'Open'],
  tk_closed: ['已完成', 'Done'],
  tk_created: ['创建于', 'Created'],
  tk_done_at: ['完成于', 'done'],
  tk_source: ['来源：', 'source: '],
  tk_source_risk_area: ['风险地区', 'risk area'],
  tk_source_trace: ['密接追踪', 'contact tracing'],
  tk_source_case: ['病例报告', 'case report'],
  tk_source_colour: ['赋码变化', 'colour change'],
  tk_filter: ['显示', 'Show'],
  tk_filter_open: ['待办', 'Open'],
  tk_filter_done: ['已完成', 'Done'],
  tk_filter_all: ['全部', 'All'],
  tk_count: ['共 {n} 项', '{n} tasks'],
  tk_marked: ['已完成：{name}', 'Done: {name}'],

  // admin
  ad_users_title: ['用户与角色', 'Users and roles'],
  ad_grant: ['授予角色', 'Grant a role'],
  ad_revoke: ['撤销', 'Revoke'],
  ad_role: ['角色', 'Role'],
  ad_scope_hint: ['地区码（2/4/6 位）或 place:场所编号；留空为全局', 'Region code (2/4/6 digits) or place:<id>; empty for everywhere'],
  ad_granted: ['已授予。', 'Granted.'],
  ad_revoked: ['已撤销。', 'Revoked.'],
  ad_holder: ['持有人', 'Holder'],
  ad_filter_role: ['按角色筛选', 'Filter by role'],
  ad_all_roles: ['全部角色', 'All roles'],
  ad_clients_title: ['单点登录接入平台', 'Single sign-on client platforms'],
  ad_client_name: ['平台名称', 'Platform name'],
  ad_client_redirects: ['回调地址（每行一个，需完全匹配）', 'Redirect URIs (one per line, matched exactly)'],
  ad_client_scopes: ['允许的范围', 'Allowed scopes'],
  ad_client_created: ['已登记。客户端编号 {id}，密钥仅显示一次：{secret}', 'Registered. Client ID {id}; the secret is shown once: {secret}'],
  ad_client_id: ['客户端编号', 'Client ID'],
  ad_rules_title: ['赋码规则', 'Colour rules'],
  ad_rules_version: ['当前版本', 'Current version'],
  ad_rules_loaded: ['加载时间', 'Loaded at'],
  ad_rules_reload: ['重新加载规则文件', 'Reload the rules file'],
  ad_rules_reloaded: ['已重新加载，版本 {v}', 'Reloaded, version {v}'],
  ad_keys_title: ['签发密钥与跨地区互认', 'Issuer keys and cross-region recognition'],
  ad_keys_intro: ['轮换签发密钥后旧密钥在重叠期内仍可核验；导入其他地区签名的信任列表后即可核验其健康码。', 'After a rotation the old key still verifies during the overlap; import another region’s signed trust list to verify its codes.'],
  ad_keys_rotate: ['轮换签发密钥', 'Rotate the issuer key'],
  ad_keys_rotated: ['已轮换，新密钥 {kid}', 'Rotated; new key {kid}'],
  ad_trust_download: ['下载本平台信任列表（供其他地区导入）', 'Download this installation’s trust list (for other regions)'],
  ad_trust_import: ['导入其他地区的信任列表', 'Import another region’s trust list'],
  ad_trust_json: ['签名的信任列表（JSON）', 'Signed trust list (JSON)'],
  ad_trust_root: ['对方根公钥（base64，线下获取）', 'Its root public key (base64, obtained out of band)'],
  ad_trust_imported: ['已导入地区 {region} 的 {n} 把密钥', 'Imported {n} keys of region {region}'],
  ad_trust_keys: ['密钥数', 'Keys'],
  ad_trust_when: ['导入时间', 'Imported'],
  ad_audit_title: ['审计日志', 'Audit log'],
  ad_audit_verify: ['校验哈希链', 'Verify the hash chain'],
  ad_audit_ok: ['哈希链完整：共 {n} 条记录，未发现篡改。', 'Chain intact: {n} entries, no tampering found.'],
  ad_audit_bad: ['发现问题：第 {seq} 条起哈希链不一致（{problem}）。', 'Problem: the chain breaks at entry {seq} ({problem}).'],
  ad_audit_actor: ['操作人', 'Actor'],
  ad_audit_action: ['操作', 'Action'],
  ad_audit_subject: ['对象', 'Subject'],
  ad_audit_fields: ['字段', 'Fields'],
  ad_audit_reason: ['事由', 'Reason'],
  person_id_number: ['身份证号', 'ID number'],
} satisfies Dict;

/** Every message key: t('no_such_key') does not compile. */
export type MsgKey = keyof typeof M;

let lang: Lang = ((): Lang => {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage disabled */
  }
  return 'zh-CN';
})();
document.documentElement.lang = lang;

const langValue = observable(() => lang);

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = l;
  langValue.changed();
}

/** The message `key` in the current language, with {name} placeholders filled from `params` (missing: empty). */
export function t(key: MsgKey, params: Record<string, string | number | undefined | null> = {}): string {
  const entry: [string, string] | undefined = M[key];
  let s = entry ? entry[lang === 'zh-CN' ? 0 : 1] : key;
  for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v ?? ''));
  return s;
}

/** True when the dictionary has `key` (a key built from a value the server sent). */
export function isMsgKey(key: string): key is MsgKey {
  return Object.hasOwn(M, key);
}

/** t() for an optional key: undefined when the dictionary has no such entry. */
export function tMaybe(key: string, params?: Record<string, string | number | undefined | null>): string | undefined {
  return isMsgKey(key) ? t(key, params) : undefined;
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  return langValue.useValue();
}

/** Text given by the server in both languages, in any of the shapes the API uses. */
export function localized(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const zh = o['zh-CN'] ?? o.zh ?? o.zh_cn ?? o.text_zh ?? o.message_zh;
    const en = o.en ?? o.text_en ?? o.message_en;
    const pick = lang === 'zh-CN' ? zh ?? en : en ?? zh;
    if (typeof pick === 'string') return pick;
    if (o.text && typeof o.text === 'object') return localized(o.text);
    if (o.message && typeof o.message === 'object') return localized(o.message);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.message === 'string') return o.message;
    if (typeof o.detail === 'string') return o.detail;
  }
  return String(v);
}

export function fmtDateTime(iso: string | number | undefined | null): string {
  if (iso == null || iso === '') return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtTime(iso: string | number | Date): string {
  const d = new Date(iso);
  return d.toLocaleTimeString(lang, { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "3月12日" / "12 March" in Asia/Shanghai. */
export function fmtDay(iso: string | Date): string {
  const d = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T12:00:00+08:00') : new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.toLocaleDateString(lang, { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' });
}

export function colourWord(c: string | undefined): string {
  return t(c === 'green' || c === 'yellow' || c === 'red' ? `colour_${c}` : 'colour_unknown');
}

/** What a colour means for its holder ("You may pass"); empty for an unknown colour. */
export function colourHint(c: string | undefined): string {
  return tMaybe(`colour_${c}_hint`) ?? '';
}

export function roleName(r: string): string {
  return tMaybe(`role_${r}`) ?? r;
}
