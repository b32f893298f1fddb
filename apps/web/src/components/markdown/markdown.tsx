import { Anchor, Code, Table, Typography } from '@mantine/core'
import { memo } from 'react'
import ReactMarkdown, { type Components } from 'react-markdown'
import rehypeHighlight from 'rehype-highlight'
import remarkGfm from 'remark-gfm'
import { CodeBlock } from './code-block.tsx'
import './highlight.css'

const components: Components = {
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  code: ({ className, children }) =>
    // Fenced code gets a language class (or sits in a <pre>, handled above); the rest is inline.
    className ? <code className={className}>{children}</code> : <Code>{children}</Code>,
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </Anchor>
  ),
  table: ({ children }) => (
    <Table.ScrollContainer minWidth={400}>
      <Table withTableBorder withColumnBorders>
        {children}
      </Table>
    </Table.ScrollContainer>
  ),
}

/**
 * Model output as GitHub-flavoured markdown with highlighted code. Raw HTML in the text is shown as
 * text, never rendered (react-markdown's default), so an answer cannot inject markup.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <Typography className="markdown" p={0}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[[rehypeHighlight, { detect: false, ignoreMissing: true }]]}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </Typography>
  )
})
