import { language } from '.';

/**
 * The schema's enum values in Persian: one word per value, the same across enums (a delegation and
 * a document are both ACTIVE, فعال). A value missing here is shown as the API spells it.
 */
const PERSIAN: Record<string, string> = {
  // Statuses
  PROPOSED: 'پیشنهادی',
  ADOPTED: 'تصویب‌شده',
  IMPLEMENTED: 'اجراشده',
  REJECTED: 'ردشده',
  WITHDRAWN: 'پس‌گرفته',
  SUPERSEDED: 'جایگزین‌شده',
  ACTIVE: 'فعال',
  SUSPENDED: 'معلق',
  REVOKED: 'لغوشده',
  EXPIRED: 'منقضی',
  DORMANT: 'راکد',
  TERMINATED: 'خاتمه‌یافته',
  UNREVIEWED: 'بازبینی‌نشده',
  DISSOLVED: 'منحل',
  SCHEDULED: 'برنامه‌ریزی‌شده',
  IN_SESSION: 'در حال برگزاری',
  CLOSED: 'پایان‌یافته',
  CANCELLED: 'لغوشده',
  RECORDED: 'ثبت‌شده',
  // Outcome kinds
  PROBLEM: 'مسئله',
  DEMAND: 'مطالبه',
  SOLUTION: 'راهکار',
  PROPOSED_RESOLUTION: 'پیشنهاد مصوبه',
  // Organization kinds and participant roles
  MINISTRY: 'وزارتخانه',
  PROVINCE: 'استان',
  COMMITTEE: 'کمیته',
  HEADQUARTERS: 'قرارگاه',
  FOREIGN_MISSION: 'نمایندگی خارج از کشور',
  PRIVATE_SECTOR: 'بخش خصوصی',
  OTHER: 'سایر',
  MINISTER: 'وزیر',
  DEPUTY_MINISTER: 'معاون وزیر',
  GOVERNOR: 'استاندار',
  HEAD_OF_MISSION: 'رئیس نمایندگی',
  OBSERVER: 'ناظر',
  SECRETARY: 'دبیر',
  // Cooperation document types
  AGREEMENT: 'موافقت‌نامه',
  MOU: 'یادداشت تفاهم',
  PROTOCOL: 'پروتکل',
};

/** `IN_SESSION` → `In session`: the English reading of a value. */
const english = (value: string): string => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

/** An enum value as a reader of the current language reads it. */
export const enumLabel = (value: string): string => (language() === 'fa' ? (PERSIAN[value] ?? value) : value === 'MOU' ? 'MoU' : english(value));
