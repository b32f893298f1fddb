// Mantine widgets both apps show; kept apart from the plumbing, which has no UI dependency.
export { CopyTextButton } from './copy-text-button.tsx'
