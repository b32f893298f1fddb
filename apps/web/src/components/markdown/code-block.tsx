import { useRef, type ReactNode } from 'react'
import { CopyTextButton } from '@corral/web-kit/ui'

/** A fenced code block with its language and a copy button that copies the code as written. */
export function CodeBlock({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLPreElement>(null)
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span>{languageOf(children) ?? 'code'}</span>
        <CopyTextButton text={() => ref.current?.textContent ?? ''} label="Copy code" size="sm" />
      </div>
      <pre ref={ref}>{children}</pre>
    </div>
  )
}

function languageOf(children: ReactNode): string | null {
  const child = Array.isArray(children) ? (children as unknown[])[0] : children
  const className = (child as { props?: { className?: string } } | null)?.props?.className ?? ''
  return /language-([\w+-]+)/.exec(className)?.[1] ?? null
}
