import { Button, Center, Stack } from '@mantine/core'
import { useRouteError } from 'react-router'
import { ProblemAlert } from '../../components/problem-alert.tsx'

/** A render error anywhere: say so and offer a reload rather than a blank page. */
export function RouteError() {
  const error = useRouteError()
  return (
    <Center h="100dvh" p="md">
      <Stack maw={480}>
        <ProblemAlert error={error} />
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  )
}
