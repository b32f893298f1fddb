import { Select } from '@mantine/core'

/** “Any group” or one of them: the group filter of the lists. */
export function GroupFilter({
  groups,
  value,
  onChange,
}: {
  groups: { id: string; name: string }[]
  value: string
  onChange: (groupId: string) => void
}) {
  return (
    <Select
      label="Group"
      data={[
        { value: '', label: 'Any group' },
        ...groups.map((group) => ({ value: group.id, label: group.name })),
      ]}
      value={value}
      onChange={(group) => onChange(group ?? '')}
      allowDeselect={false}
      searchable
      w={170}
    />
  )
}
