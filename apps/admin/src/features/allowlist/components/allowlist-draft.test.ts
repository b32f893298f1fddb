import { describe, expect, it } from 'vitest'
import { diffAllowlist, draftEntry, draftErrors, draftToEntries, locksOut } from './allowlist-draft.ts'

describe('the allowlist draft', () => {
  it('checks IPv4 and IPv6 ranges and bare addresses as they are typed', () => {
    const entries = [
      draftEntry({ cidr: '10.0.0.0/8', note: '' }),
      draftEntry({ cidr: '2001:db8::/32', note: '' }),
      draftEntry({ cidr: '192.168.1.7', note: '' }),
      draftEntry({ cidr: '10.0.0.0/33', note: '' }),
      draftEntry({ cidr: '300.1.1.1', note: '' }),
      draftEntry({ cidr: 'fe80::/129', note: '' }),
    ]
    const errors = draftErrors(entries)
    expect(Object.keys(errors)).toEqual([entries[3]!.key, entries[4]!.key, entries[5]!.key])
  })

  it('finds a range listed twice, even written differently', () => {
    const entries = [
      draftEntry({ cidr: '10.0.0.0/8', note: '' }),
      draftEntry({ cidr: '10.20.30.40/8', note: '' }),
    ]
    expect(draftErrors(entries)).toEqual({ [entries[1]!.key]: 'Listed twice (10.0.0.0/8)' })
  })

  it('saves canonical ranges', () => {
    expect(draftToEntries([draftEntry({ cidr: ' 10.20.30.40/8 ', note: ' office ' })])).toEqual([
      { cidr: '10.0.0.0/8', note: 'office' },
    ])
  })

  it('knows when an enabled list would refuse the admin’s own address', () => {
    const office = [{ cidr: '10.0.0.0/8', note: 'office' }]
    expect(locksOut(true, office, '127.0.0.1')).toBe(true)
    expect(locksOut(true, office, '10.1.2.3')).toBe(false)
    expect(locksOut(true, office, '::ffff:10.1.2.3')).toBe(false)
    expect(locksOut(false, office, '127.0.0.1')).toBe(false)
    expect(locksOut(true, [], '127.0.0.1')).toBe(true)
  })

  it('names what a save adds, removes and renotes', () => {
    const diff = diffAllowlist(
      {
        enabled: false,
        entries: [
          { cidr: '10.0.0.0/8', note: 'office' },
          { cidr: '192.168.0.0/16', note: 'lab' },
        ],
      },
      {
        enabled: true,
        entries: [
          { cidr: '10.0.0.0/8', note: 'head office' },
          { cidr: '2001:db8::/32', note: '' },
        ],
      },
    )
    expect(diff).toEqual({
      added: [{ cidr: '2001:db8::/32', note: '' }],
      removed: [{ cidr: '192.168.0.0/16', note: 'lab' }],
      renoted: [{ cidr: '10.0.0.0/8', before: 'office', after: 'head office' }],
      enabledChanged: true,
    })
  })
})
