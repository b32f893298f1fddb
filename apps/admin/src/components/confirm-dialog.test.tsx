import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { renderWithMantine } from '../test/render.tsx'
import { ConfirmDialog } from './confirm-dialog.tsx'

describe('the confirmation dialog', () => {
  it('names what goes, focuses Cancel, and waits for the name to be typed', async () => {
    const onConfirm = vi.fn()
    renderWithMantine(
      <ConfirmDialog
        opened
        onClose={() => {}}
        title="Delete the group research?"
        confirmLabel="Delete group"
        typeToConfirm="research"
        onConfirm={onConfirm}
      >
        The group and its settings go.
      </ConfirmDialog>,
    )
    expect(await screen.findByText('The group and its settings go.')).toBeInTheDocument()
    const confirm = screen.getByRole('button', { name: 'Delete group' })
    expect(confirm).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveAttribute('data-autofocus')

    await userEvent.type(screen.getByTestId('type-to-confirm'), 'researc')
    expect(confirm).toBeDisabled()
    await userEvent.type(screen.getByTestId('type-to-confirm'), 'h{Enter}')
    expect(onConfirm).toHaveBeenCalledTimes(1)
  })
})
