import { Button, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../paths.ts'
import { PageContainer } from '../shell/page-container.tsx'

export function NotFoundRoute() {
  return (
    <PageContainer>
      <Stack align="flex-start">
        <Title order={2}>Nothing here</Title>
        <Text c="dimmed">This page does not exist.</Text>
        <Button component={Link} to={paths.home}>
          Start a new chat
        </Button>
      </Stack>
    </PageContainer>
  )
}
