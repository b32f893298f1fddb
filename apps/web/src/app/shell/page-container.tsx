import { Box, Container } from '@mantine/core'
import type { ReactNode } from 'react'

/** A page that scrolls inside the shell's main area (the chat page scrolls its messages instead). */
export function PageContainer({ children }: { children: ReactNode }) {
  return (
    <Box h="100%" style={{ overflowY: 'auto' }}>
      <Container size="lg" py="lg">
        {children}
      </Container>
    </Box>
  )
}
