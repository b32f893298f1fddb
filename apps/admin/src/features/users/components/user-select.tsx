import { Select, type SelectProps } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { useUser } from '../api/get-user.ts'
import { useUsers } from '../api/get-users.ts'

/**
 * Picks one user by searching the server (there may be a hundred thousand), showing twenty matches at
 * a time. The chosen user's name is looked up by id, so a filter restored from the URL reads well.
 */
export function UserSelect({
  value,
  onChange,
  ...props
}: { value: string | null; onChange: (id: string | null) => void } & Omit<
  SelectProps,
  'value' | 'onChange' | 'data' | 'searchValue' | 'onSearchChange'
>) {
  const [search, setSearch] = useState('')
  const [query] = useDebouncedValue(search, 250)
  const selected = useUser(value)
  const matches = useUsers({ q: query || undefined, limit: 20, offset: 0, sort: 'username', order: 'asc' })
  const options = (matches.data?.users ?? []).map((user) => ({ value: user.id, label: user.username }))
  if (value && selected.data && !options.some((option) => option.value === value))
    options.unshift({ value, label: selected.data.username })
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={matches.isFetching ? 'Searching…' : 'No user matches'}
      filter={({ options: all }) => all}
      data={options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      {...props}
    />
  )
}
