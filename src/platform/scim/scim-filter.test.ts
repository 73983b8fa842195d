import { describe, expect, it } from 'vitest';
import type { DirectoryUser } from './directory-user.ts';
import { ScimError } from './scim-errors.ts';
import { matchesScimFilter } from './scim-filter-match.ts';
import { parseScimFilter } from './scim-filter.ts';
import { entra } from './provider-requests.fixtures.ts';

const user = (over: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id: '0190a0a0-0000-7000-8000-000000000001',
  userName: 'Barbara.Jensen@example.com',
  externalId: 'Ext-701984',
  displayName: 'Babs Jensen',
  givenName: 'Barbara',
  familyName: 'Jensen',
  email: 'bjensen@example.com',
  title: 'Tour Guide',
  active: true,
  employeeNumber: '701984',
  organization: 'Universal Studios',
  meta: { created: '2026-01-23T04:56:22Z', lastModified: '2026-05-13T04:42:34Z', version: '1' },
  ...over,
});

function refusal(filter: string): ScimError {
  try {
    parseScimFilter(filter);
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error(`"${filter}" was accepted`);
}

const matches = (filter: string, u = user()) => matchesScimFilter(parseScimFilter(filter), u);

describe('SCIM filters (RFC 7644 §3.4.2.2)', () => {
  it('parses what Entra ID and Okta send into an AST over DirectoryUser fields', () => {
    expect(parseScimFilter(entra.filterByUserName)).toEqual({
      op: 'eq',
      attribute: 'userName',
      value: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      caseExact: false,
    });
    expect(parseScimFilter('externalId eq "00ujl29u0le5T6Aj10h7"')).toEqual({
      op: 'eq',
      attribute: 'externalId',
      value: '00ujl29u0le5T6Aj10h7',
      caseExact: true,
    });
    // The work address is the only one kept: `type eq "work"` is always true of it.
    expect(parseScimFilter(entra.filterByWorkEmail)).toEqual({
      op: 'and',
      left: { op: 'pr', attribute: 'email' },
      right: {
        op: 'eq',
        attribute: 'email',
        value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
        caseExact: false,
      },
    });
  });

  it('reads attribute names and operators in any case, URN-qualified names, and JSON string escapes', () => {
    expect(parseScimFilter('USERNAME EQ "a\\"b\\\\c\\u00e9"')).toMatchObject({
      attribute: 'userName',
      value: 'a"b\\cé',
    });
    expect(parseScimFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName sw "Bar"')).toMatchObject({
      op: 'sw',
      attribute: 'givenName',
    });
    expect(
      parseScimFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"'),
    ).toMatchObject({
      attribute: 'employeeNumber',
    });
    expect(parseScimFilter('Active Eq False')).toEqual({
      op: 'eq',
      attribute: 'active',
      value: false,
      caseExact: false,
    });
  });

  it('gives and precedence over or, honours grouping and not, and reads eq null as absent', () => {
    expect(parseScimFilter('title pr or userName eq "a" and active eq true')).toMatchObject({
      op: 'or',
      left: { op: 'pr', attribute: 'title' },
      right: { op: 'and' },
    });
    expect(parseScimFilter('(title pr or userName eq "a") and active eq true')).toMatchObject({
      op: 'and',
      left: { op: 'or' },
    });
    expect(parseScimFilter('not (active eq true)')).toMatchObject({ op: 'not', filter: { op: 'eq' } });
    expect(parseScimFilter('title eq null')).toEqual({ op: 'not', filter: { op: 'pr', attribute: 'title' } });
    expect(parseScimFilter('emails[type eq "home"]')).toEqual({ op: 'const', value: false });
  });

  it('evaluates filters as RFC 7644 defines them, ignoring case except where the attribute is case-exact', () => {
    expect(matches('userName eq "barbara.jensen@EXAMPLE.com"')).toBe(true);
    expect(matches('externalId eq "ext-701984"')).toBe(false);
    expect(matches('externalId eq "Ext-701984"')).toBe(true);
    expect(matches('name.familyName co "ens" and title sw "tour"')).toBe(true);
    expect(matches('displayName ew "JENSEN"')).toBe(true);
    expect(matches('emails[type eq "work" and value ew "@example.com"]')).toBe(true);
    expect(matches('emails.value eq "other@example.com" or active eq false')).toBe(false);
    expect(matches('not (active eq true)', user({ active: false }))).toBe(true);
    expect(matches('title pr', user({ title: undefined }))).toBe(false);
    expect(matches('meta.lastModified gt "2026-05-01T00:00:00Z"')).toBe(true);
    expect(matches('meta.created ge "2026-02-01T00:00:00+01:00"')).toBe(false);
    expect(
      matches('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization eq "universal studios"'),
    ).toBe(true);
  });

  it('refuses what it cannot evaluate with invalidFilter (400), saying where', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['userName eq', /Expected a value/],
      ['userName equals "x"', /Expected an operator/],
      ['userName eq "x" and', /Expected an attribute/],
      ['(userName eq "x"', /Expected "\)"/],
      ['userName eq "x" userName', /Unexpected text/],
      ['userName eq "unterminated', /unterminated string/],
      ['userName eq "bad \\x escape"', /not well formed/],
      ['phoneNumbers.value eq "1"', /cannot filter on "phoneNumbers.value"/],
      ['urn:example:custom:nickName eq "x"', /cannot filter/],
      ['active gt true', /"gt" cannot be used with "active"/],
      ['active eq "true"', /true or false/],
      ['userName eq 42', /quoted string/],
      ['meta.created gt "yesterday"', /not a date/],
      ['name[givenName eq "x"]', /values of "name"/],
      ['emails[display eq "x"]', /emails.display/],
      [`${'('.repeat(40)}userName pr${')'.repeat(40)}`, /nested too deeply/],
      [`userName eq "${'x'.repeat(3000)}"`, /longer than/],
    ];
    for (const [filter, detail] of cases) {
      const err = refusal(filter);
      expect([err.status, err.scimType], filter).toEqual([400, 'invalidFilter']);
      expect(err.detail, filter).toMatch(detail);
    }
  });
});
