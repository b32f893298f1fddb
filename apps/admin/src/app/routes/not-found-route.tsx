import { Button, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../paths.ts'

export function NotFoundRoute() {
  return (
    <Stack align="flex-start">
      <Title order={2}>Nothing here</Title>
      <Text c="dimmed">This page of the admin panel does not exist.</Text>
      <Button component={Link} to={paths.home}>
        Go to the overview
      </Button>
    </Stack>
  )
}
