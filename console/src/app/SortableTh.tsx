// A table header that sorts by its column; the sort lives in the URL (?sort=col&dir=desc).
import { Table, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useUrlParam } from './url-state';

export function useSort(defaultColumn: string) {
  const [sort, setSort] = useUrlParam('sort', defaultColumn);
  const [dir, setDir] = useUrlParam('dir', 'asc');
  const toggle = (column: string) => {
    if (sort === column) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setDir('asc');
    }
  };
  return { sort, dir: dir === 'desc' ? ('desc' as const) : ('asc' as const), toggle };
}

export function SortableTh({ column, sort, children, align }: { column: string; sort: ReturnType<typeof useSort>; children: ReactNode; align?: 'right' }) {
  const active = sort.sort === column;
  return (
    <Table.Th ta={align} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => sort.toggle(column)} fw={700} fz="sm">
        {children} <span aria-hidden>{active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}

export function compareBy<T>(value: (row: T) => string | number, dir: 'asc' | 'desc') {
  const sign = dir === 'asc' ? 1 : -1;
  return (a: T, b: T) => {
    const x = value(a);
    const y = value(b);
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
    return String(x).localeCompare(String(y), undefined, { numeric: true }) * sign;
  };
}
