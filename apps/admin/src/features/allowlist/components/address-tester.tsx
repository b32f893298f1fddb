import { Alert, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { useTestAddress } from '../api/allowlist.ts'
import { monospaceInput } from '../../../lib/monospace-input.ts'
import type { Entry } from './allowlist-draft.ts'

/** “Would this address get in, and through which entry?”, answered by the server's own matcher. */
export function AddressTester({
  draft,
  dirty,
}: {
  draft: { enabled: boolean; entries: Entry[] }
  dirty: boolean
}) {
  const [address, setAddress] = useState('')
  const [against, setAgainst] = useState<'draft' | 'saved'>('draft')
  const test = useTestAddress()
  const useDraft = dirty && against === 'draft'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    test.mutate({ address: address.trim(), ...(useDraft ? draft : {}) })
  }
  const result = test.data
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Test an address"
            placeholder="203.0.113.7 or 2001:db8::1"
            value={address}
            onChange={(event) => setAddress(event.currentTarget.value)}
            styles={monospaceInput}
            w={260}
          />
          {dirty && (
            <SegmentedControl
              data={[
                { value: 'draft', label: 'Against your changes' },
                { value: 'saved', label: 'Against the saved list' },
              ]}
              value={against}
              onChange={(value) => setAgainst(value === 'saved' ? 'saved' : 'draft')}
            />
          )}
          <Button type="submit" variant="default" loading={test.isPending} disabled={!address.trim()}>
            Test
          </Button>
        </Group>
        {test.error && <ProblemAlert error={test.error} />}
        {result && (
          <Alert
            data-testid="address-test-result"
            color={result.admitted ? 'teal' : 'red'}
            icon={result.admitted ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
            title={`${result.address} would be ${result.admitted ? 'admitted' : 'refused'}`}
          >
            <Text size="sm">
              {!result.enabled
                ? 'The list is off, so every address is admitted.'
                : result.matched
                  ? `By the entry ${result.matched.cidr}${result.matched.note ? ` (${result.matched.note})` : ''}.`
                  : 'No entry admits it.'}
              {result.is_your_address && ' This is your own address.'}
            </Text>
          </Alert>
        )}
      </Stack>
    </form>
  )
}
