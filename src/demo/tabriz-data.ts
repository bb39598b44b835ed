/**
 * The Tabriz regional meeting of governors and ambassadors, from the source report
 * (shared/seed/tabriz-regional-meeting.fa.txt). What the report states is used as it is; what it
 * leaves out (which provinces and countries exactly, dates, names of most people, the wording of
 * the 63 items) is filled in and marked ILLUSTRATIVE, in the data itself.
 */
export const ILLUSTRATIVE = '(نمونه — جزئیات فرضی)';

export interface DemoOrganization {
  key: string;
  kind: 'PROVINCE' | 'FOREIGN_MISSION' | 'MINISTRY' | 'COMMITTEE' | 'HEADQUARTERS' | 'PRIVATE_SECTOR' | 'OTHER';
  name: string;
  nameEn: string;
  country?: string;
  parent?: string;
  illustrative?: boolean;
}

export const ORGANIZATIONS: DemoOrganization[] = [
  { key: 'interior', kind: 'MINISTRY', name: 'وزارت کشور', nameEn: 'Ministry of Interior', country: 'IR' },
  { key: 'foreignAffairs', kind: 'MINISTRY', name: 'وزارت امور خارجه', nameEn: 'Ministry of Foreign Affairs', country: 'IR' },
  { key: 'committee', kind: 'COMMITTEE', name: 'کمیته روابط خارجی استان‌ها', nameEn: 'Committee of Provincial Foreign Relations', country: 'IR', parent: 'interior' },
  { key: 'headquarters', kind: 'HEADQUARTERS', name: 'قرارگاه اقتصاد مقاومتی', nameEn: 'Resistance Economy Headquarters', country: 'IR' },
  // The report names East Azerbaijan (the host) and "four north-western provinces"; the other three are illustrative.
  { key: 'eastAzerbaijan', kind: 'PROVINCE', name: 'استان آذربایجان شرقی', nameEn: 'East Azerbaijan Province', country: 'IR' },
  { key: 'westAzerbaijan', kind: 'PROVINCE', name: 'استان آذربایجان غربی', nameEn: 'West Azerbaijan Province', country: 'IR', illustrative: true },
  { key: 'ardabil', kind: 'PROVINCE', name: 'استان اردبیل', nameEn: 'Ardabil Province', country: 'IR', illustrative: true },
  { key: 'zanjan', kind: 'PROVINCE', name: 'استان زنجان', nameEn: 'Zanjan Province', country: 'IR', illustrative: true },
  // "Missions in five countries of the region": which five is not said; these are illustrative.
  { key: 'missionTR', kind: 'FOREIGN_MISSION', name: 'سفارت جمهوری اسلامی ایران در آنکارا', nameEn: 'Embassy in Ankara', country: 'TR', illustrative: true },
  { key: 'missionAZ', kind: 'FOREIGN_MISSION', name: 'سفارت جمهوری اسلامی ایران در باکو', nameEn: 'Embassy in Baku', country: 'AZ', illustrative: true },
  { key: 'missionAM', kind: 'FOREIGN_MISSION', name: 'سفارت جمهوری اسلامی ایران در ایروان', nameEn: 'Embassy in Yerevan', country: 'AM', illustrative: true },
  { key: 'missionGE', kind: 'FOREIGN_MISSION', name: 'سفارت جمهوری اسلامی ایران در تفلیس', nameEn: 'Embassy in Tbilisi', country: 'GE', illustrative: true },
  { key: 'missionIQ', kind: 'FOREIGN_MISSION', name: 'سرکنسولگری جمهوری اسلامی ایران در اربیل', nameEn: 'Consulate General in Erbil', country: 'IQ', illustrative: true },
  { key: 'tabrizCounty', kind: 'OTHER', name: 'فرمانداری تبریز', nameEn: 'Tabriz County Governorate', country: 'IR', parent: 'eastAzerbaijan', illustrative: true },
  { key: 'chamberTabriz', kind: 'PRIVATE_SECTOR', name: 'اتاق بازرگانی، صنایع، معادن و کشاورزی تبریز', nameEn: 'Tabriz Chamber of Commerce', country: 'IR', illustrative: true },
  { key: 'chamberUrmia', kind: 'PRIVATE_SECTOR', name: 'اتاق بازرگانی ارومیه', nameEn: 'Urmia Chamber of Commerce', country: 'IR', illustrative: true },
  { key: 'chamberArdabil', kind: 'PRIVATE_SECTOR', name: 'اتاق بازرگانی اردبیل', nameEn: 'Ardabil Chamber of Commerce', country: 'IR', illustrative: true },
  { key: 'chamberZanjan', kind: 'PRIVATE_SECTOR', name: 'اتاق بازرگانی زنجان', nameEn: 'Zanjan Chamber of Commerce', country: 'IR', illustrative: true },
];

export const PROVINCES = ['eastAzerbaijan', 'westAzerbaijan', 'ardabil', 'zanjan'];
export const MISSIONS = ['missionTR', 'missionAZ', 'missionAM', 'missionGE', 'missionIQ'];

/** Six groups; the first, which met in Tabriz, is complete. The others' members are not in the report. */
export const REGIONAL_GROUPS = [
  { number: 1, name: 'گروه منطقه‌ای یکم — شمال غرب', provinces: PROVINCES, missions: MISSIONS },
  { number: 2, name: `گروه منطقه‌ای دوم ${ILLUSTRATIVE}`, provinces: [], missions: [] },
  { number: 3, name: `گروه منطقه‌ای سوم ${ILLUSTRATIVE}`, provinces: [], missions: [] },
  { number: 4, name: `گروه منطقه‌ای چهارم ${ILLUSTRATIVE}`, provinces: [], missions: [] },
  { number: 5, name: `گروه منطقه‌ای پنجم ${ILLUSTRATIVE}`, provinces: [], missions: [] },
  { number: 6, name: `گروه منطقه‌ای ششم ${ILLUSTRATIVE}`, provinces: [], missions: [] },
];

/** The report gives no dates: these are illustrative, within Minister Rahmani Fazli's term. */
export const DATES = {
  groupsDefined: '2016-12-10T09:00:00+03:30',
  scheduled: '2017-01-05T10:00:00+03:30',
  meetingStart: '2017-01-24T09:00:00+03:30',
  meetingEnd: '2017-01-25T17:00:00+03:30',
  opened: '2017-01-24T09:15:00+03:30',
  workingGroups: '2017-01-24T14:00:00+03:30',
  outcomes: '2017-01-25T11:00:00+03:30',
  summaryApproved: '2017-01-25T16:00:00+03:30',
  closed: '2017-01-25T17:00:00+03:30',
  resolutionsProposed: '2017-02-01T10:00:00+03:30',
  resolutionsAdopted: '2017-02-20T10:00:00+03:30',
  referred: '2017-02-21T10:00:00+03:30',
  delegationProposed: '2017-02-22T10:00:00+03:30',
  delegationGranted: '2017-06-01T10:00:00+04:30',
  subDelegationGranted: '2017-07-01T10:00:00+04:30',
  revocationEffective: '2018-03-01T10:00:00+03:30',
  documentsReviewed: '2017-04-15T10:00:00+04:30',
};

export const PARTICIPANTS = [
  { org: 'interior', role: 'MINISTER', personName: 'عبدالرضا رحمانی فضلی', title: 'وزیر کشور (حاضر در مراسم اختتامیه)' },
  { org: 'interior', role: 'DEPUTY_MINISTER', personName: 'بابک دین‌پرست', title: 'معاون هماهنگی امور اقتصادی و توسعه منطقه‌ای وزیر کشور' },
  { org: 'committee', role: 'SECRETARY', personName: `دبیر کمیته ${ILLUSTRATIVE}`, title: 'دبیر کمیته روابط خارجی استان‌ها' },
  ...PROVINCES.map((org) => ({ org, role: 'GOVERNOR', personName: `استاندار ${ILLUSTRATIVE}`, title: 'استاندار' })),
  ...MISSIONS.map((org) => ({ org, role: 'HEAD_OF_MISSION', personName: `رئیس نمایندگی ${ILLUSTRATIVE}`, title: 'سفیر / سرکنسول' })),
  ...['chamberTabriz', 'chamberUrmia', 'chamberArdabil', 'chamberZanjan'].map((org) => ({
    org,
    role: 'PRIVATE_SECTOR',
    personName: `نماینده بخش خصوصی ${ILLUSTRATIVE}`,
    title: 'نماینده فعالان اقتصادی',
  })),
];

/** The three specialised working groups named in the report. */
export const WORKING_GROUPS = [
  { key: 'investment', title: 'کارگروه جذب سرمایه‌گذاری خارجی', topic: 'جذب سرمایه‌گذاری خارجی' },
  { key: 'exports', title: 'کارگروه توسعه صادرات غیرنفتی', topic: 'توسعه صادرات غیرنفتی' },
  { key: 'tourism', title: 'کارگروه توسعه گردشگری', topic: 'توسعه گردشگری' },
];

type OutcomeKind = 'PROBLEM' | 'SOLUTION' | 'DEMAND' | 'PROPOSED_RESOLUTION';

const SUBJECTS: Record<string, string[]> = {
  investment: [
    'صدور مجوز سرمایه‌گذاری خارجی در استان',
    'تضمین سرمایه‌گذاری در مناطق آزاد ارس',
    'معرفی فرصت‌های سرمایه‌گذاری به نمایندگی‌ها',
    'تسهیل روادید تجاری سرمایه‌گذاران',
    'ضمانت‌نامه‌های بانکی و انتقال ارز',
    'شهرک‌های صنعتی مرزی',
    'مشارکت بخش خصوصی در طرح‌های زیربنایی',
  ],
  exports: [
    'بازارچه‌های مرزی و رونق صادرات',
    'حمل‌ونقل ریلی و جاده‌ای کالا به کشورهای همسایه',
    'استاندارد و گواهی مبدأ کالای صادراتی',
    'نمایشگاه‌های اختصاصی در کشورهای هدف',
    'رفع موانع گمرکی صادرات',
    'رایزنی بازرگانی در نمایندگی‌ها',
    'صادرات خدمات فنی و مهندسی',
  ],
  tourism: [
    'گردشگری سلامت برای بیماران کشورهای همسایه',
    'پروازهای مستقیم تبریز با شهرهای منطقه',
    'معرفی جاذبه‌های تاریخی شمال غرب',
    'تسهیل روادید گردشگری',
    'گردشگری مذهبی و فرهنگی',
    'زیرساخت اقامتی در شهرهای مرزی',
    'تورهای مشترک منطقه‌ای',
  ],
};

const PHRASES: Record<OutcomeKind, (subject: string) => string> = {
  PROBLEM: (subject) => `مشکل: کندی و ناهماهنگی در ${subject}`,
  SOLUTION: (subject) => `راهکار: ایجاد سازوکار مشترک استانی برای ${subject}`,
  DEMAND: (subject) => `مطالبه: پیگیری ${subject} از سوی دستگاه‌های ملی`,
  PROPOSED_RESOLUTION: (subject) => `مصوبه پیشنهادی: تفویض اختیار لازم به استان‌ها در ${subject}`,
};

const KIND_CYCLE: OutcomeKind[] = ['PROBLEM', 'SOLUTION', 'DEMAND'];

/**
 * 63 items, 21 per working group, in the four kinds the report names. Their wording is
 * illustrative; the count and the kinds are the report's.
 */
export const OUTCOMES: { workingGroup: string; kind: OutcomeKind; text: string }[] = WORKING_GROUPS.flatMap(({ key }) =>
  SUBJECTS[key].flatMap((subject, index) => {
    const items: OutcomeKind[] = index < 3 ? [...KIND_CYCLE] : ['PROBLEM', 'SOLUTION', index % 2 ? 'DEMAND' : 'PROPOSED_RESOLUTION'];
    return items.map((kind) => ({ workingGroup: key, kind, text: `${PHRASES[kind](subject)} ${ILLUSTRATIVE}` }));
  }),
);

/** The decisions the report says were raised: these four texts follow it closely. */
export const RESOLUTIONS = [
  {
    key: 'delegation',
    title: 'تفویض اختیارات لازم به استان‌ها',
    text: 'موارد ضروری تفویض اختیارات برای دستیابی به اهداف نشست در دستور کار کمیته تخصصی روابط خارجی استان‌ها و قرارگاه اقتصاد مقاومتی قرار گیرد.',
    referTo: ['committee', 'headquarters'],
  },
  {
    key: 'regulations',
    title: 'حذف قوانین مزاحم',
    text: 'قوانین و مقررات مزاحم موجود در مسیر دستیابی به اهداف نشست شناسایی و برای حذف آن‌ها اقدام شود.',
    referTo: ['committee'],
  },
  {
    key: 'steering',
    title: 'تشکیل کمیته راهبری مشترک وزارت کشور و وزارت امور خارجه',
    text: 'چارچوبی مشابه کمیته روابط خارجی استان‌ها در سایر حوزه‌ها تعیین و کمیته راهبری مشترک وزارت کشور و وزارت امور خارجه تشکیل شود.',
    referTo: ['interior', 'foreignAffairs'],
  },
  {
    key: 'documents',
    title: 'تعیین تکلیف اسناد همکاری استانی',
    text: 'وضعیت اسناد همکاری استانی امضاشده در سال‌های قبل تعیین و از امضای اسناد تکراری و غیرضروری پرهیز شود.',
    referTo: ['committee'],
  },
];

/** Powers the delegation of authority would hand to the provinces (illustrative wording). */
export const DELEGATED_POWERS = [
  'صدور مجوز سرمایه‌گذاری خارجی تا سقف مقرر',
  'امضای تفاهم‌نامه همکاری با استان‌های کشورهای همسایه',
  'تأسیس بازارچه مرزی',
];

/** The provinces' earlier cooperation documents (illustrative: the report says only that they exist). */
export const COOPERATION_DOCUMENTS = [
  { key: 'eaTurkeyTrade', province: 'eastAzerbaijan', counterpartCountry: 'TR', counterpartName: 'استانداری وان', title: 'تفاهم‌نامه همکاری تجاری و گردشگری آذربایجان شرقی و وان', documentType: 'MOU', subjects: ['تجارت مرزی', 'گردشگری'], signedAt: '2014-05-12T10:00:00+04:30', review: { status: 'ACTIVE', finding: 'فعال؛ دو نشست مشترک در سال گذشته' } },
  { key: 'eaAzerbaijanTransit', province: 'eastAzerbaijan', counterpartCountry: 'AZ', counterpartName: 'جمهوری خودمختار نخجوان', title: 'موافقت‌نامه ترانزیت کالا', documentType: 'AGREEMENT', subjects: ['ترانزیت'], signedAt: '2015-09-03T10:00:00+04:30', review: { status: 'DORMANT', finding: 'بدون فعالیت از ۱۳۹۴' } },
  { key: 'waTurkeyHealth', province: 'westAzerbaijan', counterpartCountry: 'TR', counterpartName: 'استانداری حکاری', title: 'پروتکل همکاری سلامت', documentType: 'PROTOCOL', subjects: ['سلامت'], signedAt: '2013-03-01T10:00:00+03:30', review: { status: 'TERMINATED', finding: 'منقضی و تمدیدنشده' } },
  { key: 'ardabilAzerbaijan', province: 'ardabil', counterpartCountry: 'AZ', counterpartName: 'شهرستان آستارا', title: 'تفاهم‌نامه همکاری کشاورزی', documentType: 'MOU', subjects: ['کشاورزی'], signedAt: '2016-02-10T10:00:00+03:30' },
];

/** A new registration that overlaps the first document: refused, then acknowledged with a justification. */
export const DUPLICATE_DOCUMENT = {
  province: 'eastAzerbaijan',
  counterpartCountry: 'TR',
  counterpartName: 'استانداری وان',
  title: 'تفاهم‌نامه توسعه گردشگری سلامت آذربایجان شرقی و وان',
  documentType: 'MOU',
  subjects: ['گردشگری'],
  signedAt: '2017-05-20T10:00:00+04:30',
  justification: 'سند جدید فقط گردشگری سلامت را پوشش می‌دهد و جایگزین بند گردشگری سند ۱۳۹۳ است.',
};
