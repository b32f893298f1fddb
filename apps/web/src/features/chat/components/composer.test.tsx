import { MantineProvider } from '@mantine/core'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { renderWithMantine } from '../../../test/render.tsx'
import { Composer } from './composer.tsx'

function setup(props: { busy?: boolean } = {}) {
  const onSend = vi.fn()
  const onStop = vi.fn()
  renderWithMantine(
    <Composer busy={props.busy ?? false} canAttachImages={false} onSend={onSend} onStop={onStop} />,
  )
  return { onSend, onStop, box: screen.getByRole('textbox', { name: 'Message' }) }
}

describe('Composer', () => {
  it('sends with Enter and starts a new line with Shift+Enter', async () => {
    const { onSend, box } = setup()
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second line')
    expect(box).toHaveValue('first line\nsecond line')
    expect(onSend).not.toHaveBeenCalled()

    await userEvent.type(box, '{Enter}')
    expect(onSend).toHaveBeenCalledWith('first line\nsecond line', [])
    expect(box).toHaveValue('')
  })

  it('does not send an empty message', async () => {
    const { onSend, box } = setup()
    await userEvent.type(box, '   {Enter}')
    expect(onSend).not.toHaveBeenCalled()
  })

  it('keeps the draft while an answer runs, and stops it with Escape or the stop button', async () => {
    const { onSend, onStop, box } = setup({ busy: true })
    await userEvent.type(box, 'next question{Enter}')
    expect(onSend).not.toHaveBeenCalled()
    expect(box).toHaveValue('next question')

    await userEvent.type(box, '{Escape}')
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(onStop).toHaveBeenCalledTimes(2)
  })

  it('puts a returned question back, before what was typed since, and says it took it', async () => {
    const onDraftTaken = vi.fn()
    const props = { canAttachImages: true, onSend: vi.fn(), onStop: vi.fn(), onDraftTaken }
    const { rerender } = renderWithMantine(<Composer busy {...props} draft={null} />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'typed meanwhile')

    const draft = { content: 'Why is the sky blue?', images: ['iVBORw0KGgo='] }
    rerender(
      <MantineProvider>
        <Composer busy={false} {...props} draft={draft} />
      </MantineProvider>,
    )
    expect(box).toHaveValue('Why is the sky blue?\n\ntyped meanwhile')
    expect(screen.getByRole('img', { name: 'Attachment 1' })).toHaveAttribute(
      'src',
      'data:image/png;base64,iVBORw0KGgo=',
    )
    expect(onDraftTaken).toHaveBeenCalledTimes(1)

    // The same question is not put back twice when the component renders again.
    rerender(
      <MantineProvider>
        <Composer busy={false} {...props} draft={draft} />
      </MantineProvider>,
    )
    expect(box).toHaveValue('Why is the sky blue?\n\ntyped meanwhile')
  })
})
