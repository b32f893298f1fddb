import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { WaitingRequest } from '@corral/contracts'
import { renderWithMantine } from '../../../test/render.tsx'
import { WaitingTable } from './waiting-table.tsx'

const request: WaitingRequest = {
  id: 'req-1',
  user_id: '00000000-0000-4000-8000-000000000001',
  username: 'ada',
  key_id: '00000000-0000-4000-8000-0000000000aa',
  group_id: '00000000-0000-4000-8000-0000000000bb',
  model: 'llama3.2:latest',
  priority: 9,
  promoted_from: 5,
  effective_priority: 10,
  next_aging_ms: 12_000,
  waited_ms: 65_000,
  position: 2,
  model_position: 1,
  estimated_wait_ms: 30_000,
  reason: { kind: 'higher-priority', ahead: 1, text: '1 request of higher effective priority ahead' },
}

describe('the waiting table', () => {
  it('shows position, base → effective priority with the next step, the wait and the reason', async () => {
    const onPromote = vi.fn()
    renderWithMantine(
      <WaitingTable
        waiting={[request]}
        loading={false}
        groupName={(id) => (id === request.group_id ? 'research' : undefined)}
        onCancel={() => {}}
        onPromote={onPromote}
      />,
    )
    const row = screen.getByTestId('waiting-row')
    expect(row).toHaveTextContent('2')
    expect(row).toHaveTextContent('1 for its model')
    expect(within(row).getByTestId('priority')).toHaveTextContent('9 → 10')
    expect(row).toHaveTextContent('promoted from 5')
    expect(row).toHaveTextContent('+1 in 12 s')
    expect(row).toHaveTextContent('1 min 05 s')
    expect(row).toHaveTextContent('research')
    expect(within(row).getByTestId('waiting-reason')).toHaveTextContent(
      '1 request of higher effective priority ahead',
    )
    await userEvent.click(within(row).getByRole('button', { name: 'Promote' }))
    expect(onPromote).toHaveBeenCalledWith(request)
  })

  it('says so when nothing waits', () => {
    renderWithMantine(
      <WaitingTable
        waiting={[]}
        loading={false}
        groupName={() => undefined}
        onCancel={() => {}}
        onPromote={() => {}}
      />,
    )
    expect(screen.getByText('Nothing is waiting: every request got a slot.')).toBeInTheDocument()
  })
})
