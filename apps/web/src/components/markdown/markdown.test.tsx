import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderWithMantine } from '../../test/render.tsx'
import { Markdown } from './markdown.tsx'

describe('Markdown', () => {
  it('highlights fenced code and gives it a copy button', () => {
    const { container } = renderWithMantine(
      <Markdown text={'Try:\n\n```python\ndef hello():\n    return 42\n```'} />,
    )
    expect(container.querySelector('pre code.hljs.language-python .hljs-keyword')).toHaveTextContent('def')
    expect(screen.getByText('python')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeInTheDocument()
  })

  it('renders GitHub tables and shows raw HTML as text', () => {
    const { container } = renderWithMantine(
      <Markdown text={'| a | b |\n|---|---|\n| 1 | 2 |\n\n<img src=x onerror=alert(1)>'} />,
    )
    expect(container.querySelector('table')).not.toBeNull()
    expect(container.querySelector('img')).toBeNull()
  })
})
