import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderWithMantine } from '../../../test/render.tsx'
import type { LiveAnswer } from '../stream/chat-conversation.ts'
import { LiveAnswerView } from './live-answer.tsx'

const live = (overrides: Partial<LiveAnswer>): LiveAnswer => ({
  request_id: 'r1',
  phase: 'sending',
  pending_user: null,
  question: null,
  position: null,
  estimated_wait_ms: null,
  content: '',
  thinking: '',
  ...overrides,
})

describe('LiveAnswerView', () => {
  it('shows the queue position and the estimated wait', () => {
    renderWithMantine(
      <LiveAnswerView live={live({ phase: 'queued', position: 3, estimated_wait_ms: 12_000 })} />,
    )
    expect(screen.getByTestId('queue-status')).toHaveTextContent('Waiting in line: position 3, about 12 s')
  })

  it('says why the request waits, in the words the server chose', () => {
    renderWithMantine(
      <LiveAnswerView live={live({ phase: 'queued', position: 2, reason: 'all 2 slots of gpu-1 busy' })} />,
    )
    expect(screen.getByTestId('queue-reason')).toHaveTextContent('Why: all 2 slots of gpu-1 busy')
  })

  it('renders the streamed text as markdown', () => {
    renderWithMantine(<LiveAnswerView live={live({ phase: 'streaming', content: 'Some **bold** words' })} />)
    expect(screen.getByTestId('streaming-message').querySelector('strong')).toHaveTextContent('bold')
  })
})
