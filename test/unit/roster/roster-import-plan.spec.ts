import {
  OneRosterFormatError,
  parseOneRosterBundle,
} from '../../../src/application/contacts/roster-import/oneroster.csv';
import { planRosterImport } from '../../../src/application/contacts/roster-import/roster-import.plan';

const TODAY = '2026-12-04';

/** A OneRoster 1.2 bundle: roles in roles.csv, preferred names, a quoted class title, a BOM. */
const bundle = {
  users:
    '\uFEFFsourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,preferredFirstName,sms,agentSourcedIds\r\n' +
    's1,active,2026-08-01,true,sjones,Sarah,Jones,Sadie,(201) 555-0123,"g1,g2"\r\n' +
    'g1,active,2026-08-01,true,,Pat,Jones,,,\r\n' +
    'g2,tobedeleted,2026-08-01,true,,Old,Guardian,,,\r\n' +
    's2,tobedeleted,2026-08-01,true,,Gone,Away,,,\r\n' +
    'bad id,active,2026-08-01,true,,Bad,Id,,,\r\n' +
    't1,active,2026-08-01,true,,Amy,Bell,,,\r\n' +
    't2,active,2026-08-01,true,,Luis,Ruiz,,,\r\n',
  roles:
    'sourcedId,status,userSourcedId,roleType,role,orgSourcedId\r\nr1,active,s1,primary,student,sch\r\nr2,active,g1,primary,parent,sch\r\nr3,active,g2,primary,guardian,sch\r\nr4,active,s2,primary,student,sch\r\nr5,active,bad id,primary,student,sch\r\n',
  classes: 'sourcedId,status,title\r\nc1,active,"Biology, Period 2"\r\nc2,active,Art\r\nc3,active,No Teacher\r\n',
  enrollments:
    'sourcedId,status,classSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n' +
    'te1,active,c1,t2,teacher,false,,\r\nte2,active,c1,t1,teacher,true,,\r\nte3,active,c2,t2,teacher,false,,\r\n' +
    'e1,active,c1,s1,student,false,2026-08-24,\r\n' +
    'e2,active,c2,s1,student,false,,2026-11-30\r\n' +
    'e3,active,c3,s1,student,false,,\r\n',
  demographics: 'sourcedId,birthDate\r\ns1,2010-04-17\r\n',
};

describe('OneRoster import plan (pure)', () => {
  const plan = planRosterImport(parseOneRosterBundle(bundle), 'd1', TODAY);

  it('registers each active student once, with preferred name, birth date and the active guardians as listed contacts', () => {
    expect([...plan.byStudent.keys()]).toEqual(['s1']);
    const [register] = plan.byStudent.get('s1')!;
    expect(register!.command).toEqual({
      type: 'RegisterStudent',
      data: {
        studentId: 's1',
        districtId: 'd1',
        firstName: 'Sarah',
        lastName: 'Jones',
        preferredName: 'Sadie',
        dateOfBirth: '2010-04-17',
        address: null,
        username: 'sjones',
        smsNumber: '(201) 555-0123',
        timeZone: null,
        listedContacts: [{ name: 'Pat Jones', relationship: 'parent', phone: null }],
      },
    });
  });

  it("starts an enrollment with the class's primary teacher, and ends one whose end date has passed", () => {
    const commands = plan.byStudent.get('s1')!.map((p) => p.command);
    expect(commands.map((c) => c.type)).toEqual(['RegisterStudent', 'StartEnrollment', 'EndEnrollment']);
    expect(commands[1]).toEqual({
      type: 'StartEnrollment',
      data: {
        enrollmentId: 'e1',
        courseId: 'c1',
        courseName: 'Biology, Period 2',
        teacherId: 't1',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      },
    });
    expect(commands[2]).toMatchObject({ type: 'EndEnrollment', data: { enrollmentId: 'e2', endedOn: '2026-11-30' } });
  });

  it('refuses rows it cannot turn into commands, naming the line', () => {
    expect(plan.refused).toEqual([
      expect.objectContaining({ file: 'users', line: 6, sourcedId: 'bad id', code: 'INVALID_ID' }),
      expect.objectContaining({ file: 'enrollments', line: 7, sourcedId: 'e3', code: 'CLASS_WITHOUT_TEACHER' }),
    ]);
  });

  it('covers the classes in the file and the students it names, for reconciliation', () => {
    expect([...plan.activeEnrollmentIds]).toEqual(['e1']);
    expect([...plan.classIds].sort()).toEqual(['c1', 'c2', 'c3']);
    expect([...plan.studentIds].sort()).toEqual(['s1', 's2']);
  });

  it('names the file and the missing columns of a malformed bundle', () => {
    expect(() => parseOneRosterBundle({ ...bundle, classes: 'id,name\r\n' })).toThrow(
      new OneRosterFormatError('classes', 'missing columns sourcedId, title.'),
    );
    expect(() => parseOneRosterBundle({ ...bundle, users: '' })).toThrow(/users.csv: the file is empty/);
    expect(() =>
      parseOneRosterBundle({
        ...bundle,
        enrollments: 'sourcedId,classSourcedId,userSourcedId,role\r\n"unterminated,c1,s1,student\r\n',
      }),
    ).toThrow(/enrollments.csv: not valid CSV/);
  });
});
