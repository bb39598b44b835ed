import { ReadModelStore } from '../../projections/read-model-store';
import { useTempDir } from '../eventstore/temp-event-log';

interface Meeting {
  id: string;
  status: string;
  start: string;
}

const meeting = (id: string, status: string, start: string): Meeting => ({ id, status, start });
const inSession = { filters: [{ path: '$.status', equals: 'IN_SESSION' }], orderBy: [{ path: '$.start' }] };

describe('ReadModelStore: repeated reads are answered from what SQLite last said, until a write', () => {
  const dir = useTempDir('daftar-read-models-');
  let store: ReadModelStore;

  beforeEach(() => {
    store = new ReadModelStore(dir.path(`read-models-${Date.now()}-${Math.random()}.sqlite`));
    store.put('meetings', 'm1', meeting('m1', 'IN_SESSION', '2025-03-02'), 'نشست تبریز');
    store.put('meetings', 'm2', meeting('m2', 'SCHEDULED', '2025-03-01'));
  });
  afterEach(() => store.close());

  it('sees every put, remove and clear in the reads that follow', () => {
    expect(store.get('meetings', 'm2')).toEqual(meeting('m2', 'SCHEDULED', '2025-03-01'));
    expect(store.find('meetings', inSession)).toEqual({ docs: [meeting('m1', 'IN_SESSION', '2025-03-02')], totalCount: 1 });

    store.put('meetings', 'm2', meeting('m2', 'IN_SESSION', '2025-03-01'));
    expect(store.get('meetings', 'm2')).toEqual(meeting('m2', 'IN_SESSION', '2025-03-01'));
    expect(store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id)).toEqual(['m2', 'm1']);

    store.remove('meetings', 'm1');
    expect(store.get('meetings', 'm1')).toBeNull();
    expect(store.find('meetings', inSession)).toEqual({ docs: [meeting('m2', 'IN_SESSION', '2025-03-01')], totalCount: 1 });
    expect(store.find('meetings', { text: 'تبریز' }).totalCount).toBe(0);

    store.clear();
    expect(store.get('meetings', 'm2')).toBeNull();
    expect(store.find('meetings', inSession)).toEqual({ docs: [], totalCount: 0 });
  });

  it('hands every reader one frozen document: changing it throws, and no later answer changes', () => {
    const first = store.get<Meeting>('meetings', 'm1')!;
    expect(store.get<Meeting>('meetings', 'm1')).toBe(first);
    expect(() => {
      first.status = 'CLOSED';
    }).toThrow(TypeError);
    const page = store.find<Meeting>('meetings', inSession);
    expect(() => {
      page.docs[0].status = 'CLOSED';
    }).toThrow(TypeError);
    const ids = page.docs.map((doc) => doc.id);
    page.docs.pop();
    expect(store.find<Meeting>('meetings', inSession).docs.map((doc) => doc.id)).toEqual(ids);
    expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('IN_SESSION');
  });

  it('keeps nothing a rolled-back transaction read or wrote', () => {
    expect(() =>
      store.transaction(() => {
        store.put('meetings', 'm1', meeting('m1', 'CLOSED', '2025-03-02'));
        expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('CLOSED');
        expect(store.find('meetings', inSession).totalCount).toBe(0);
        throw new Error('the batch failed');
      }),
    ).toThrow('the batch failed');
    expect(store.get<Meeting>('meetings', 'm1')!.status).toBe('IN_SESSION');
    expect(store.find('meetings', inSession).totalCount).toBe(1);
  });

  it('answers list pages and counts per filter, offset and limit', () => {
    for (let n = 3; n <= 12; n++) store.put('meetings', `m${String(n).padStart(2, '0')}`, meeting(`m${n}`, 'IN_SESSION', `2025-04-${String(n).padStart(2, '0')}`));
    const first = store.find<Meeting>('meetings', { ...inSession, limit: 4 });
    const second = store.find<Meeting>('meetings', { ...inSession, limit: 4, offset: 4 });
    expect(first.totalCount).toBe(11);
    expect(second.totalCount).toBe(11);
    expect(first.docs.map((doc) => doc.id)).toEqual(['m1', 'm3', 'm4', 'm5']);
    expect(second.docs.map((doc) => doc.id)).toEqual(['m6', 'm7', 'm8', 'm9']);
    expect(store.find('meetings', { filters: [{ path: '$.status', in: ['SCHEDULED'] }] }).totalCount).toBe(1);
    expect(store.find('meetings', { filters: [{ path: '$.status', in: ['SCHEDULED', 'IN_SESSION'] }] }).totalCount).toBe(12);
  });
});
