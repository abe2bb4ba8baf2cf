/** A small promise wrapper over the raw IndexedDB API: one database, two object stores. */

const DB_NAME = 'backprop-studio';
const DB_VERSION = 1;
export type StoreName = 'recent' | 'backups';

let opening: Promise<IDBDatabase> | undefined;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens (and on first use creates) the database; rejects where IndexedDB is unavailable. */
export function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('this browser has no IndexedDB'));
      return;
    }
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('recent')) db.createObjectStore('recent', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('backups')) db.createObjectStore('backups', { keyPath: 'id' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('could not open IndexedDB'));
  }).catch((e: unknown) => {
    opening = undefined;
    throw e;
  });
  return opening;
}

async function store(name: StoreName, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await database()).transaction(name, mode).objectStore(name);
}

export async function getAll<T>(name: StoreName): Promise<T[]> {
  return request((await store(name, 'readonly')).getAll() as IDBRequest<T[]>);
}

export async function put<T>(name: StoreName, value: T): Promise<void> {
  await request((await store(name, 'readwrite')).put(value));
}

export async function remove(name: StoreName, key: string): Promise<void> {
  await request((await store(name, 'readwrite')).delete(key));
}
