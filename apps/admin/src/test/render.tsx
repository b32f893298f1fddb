import { MantineProvider } from '@mantine/core'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'

/** Renders a component inside Mantine's provider, as the app does. */
export const renderWithMantine = (ui: ReactElement) => render(<MantineProvider>{ui}</MantineProvider>)
