using NodaTime;

namespace CareSlot.Scheduling.Tests;

public sealed class AppointmentStatusRulesTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 15, 9, 0);

    // The whole state machine, written out: every move and actor not listed here is refused.
    private static readonly Dictionary<(AppointmentStatus From, AppointmentStatus To), Actor[]> Moves = new()
    {
        [(AppointmentStatus.Requested, AppointmentStatus.Confirmed)] = [Actor.Doctor, Actor.Admin, Actor.System],
        [(AppointmentStatus.Confirmed, AppointmentStatus.Completed)] = [Actor.Doctor, Actor.Admin],
        [(AppointmentStatus.Confirmed, AppointmentStatus.NoShow)] = [Actor.Doctor, Actor.Admin],
        [(AppointmentStatus.Requested, AppointmentStatus.Cancelled)] = [Actor.Patient, Actor.Support, Actor.Doctor, Actor.Admin, Actor.System],
        [(AppointmentStatus.Confirmed, AppointmentStatus.Cancelled)] = [Actor.Patient, Actor.Support, Actor.Doctor, Actor.Admin, Actor.System],
    };

    public static TheoryData<AppointmentStatus, AppointmentStatus, Actor, StatusChangeVerdict> EveryChange()
    {
        var data = new TheoryData<AppointmentStatus, AppointmentStatus, Actor, StatusChangeVerdict>();
        foreach (var from in Enum.GetValues<AppointmentStatus>())
        {
            foreach (var to in Enum.GetValues<AppointmentStatus>())
            {
                foreach (var actor in Enum.GetValues<Actor>())
                {
                    var verdict = !Moves.TryGetValue((from, to), out var actors) ? StatusChangeVerdict.InvalidTransition
                        : actors.Contains(actor) ? StatusChangeVerdict.Allowed
                        : StatusChangeVerdict.ActorNotAllowed;
                    data.Add(from, to, actor, verdict);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryChange))]
    public void ChangeAfterStart_GetsTheTableVerdict(AppointmentStatus from, AppointmentStatus to, Actor actor, StatusChangeVerdict expected) =>
        Assert.Equal(expected, AppointmentStatusRules.Check(from, to, actor, Start + Duration.FromMinutes(5), Start));

    [Fact]
    public void EveryChange_CoversAllOneHundredAndTwentyFiveCombinations() => Assert.Equal(5 * 5 * 5, EveryChange().Count);

    [Theory]
    [InlineData(AppointmentStatus.Completed)]
    [InlineData(AppointmentStatus.NoShow)]
    public void OutcomeOneTickBeforeStart_IsBeforeStart(AppointmentStatus outcome)
    {
        Assert.Equal(
            StatusChangeVerdict.BeforeStart,
            AppointmentStatusRules.Check(AppointmentStatus.Confirmed, outcome, Actor.Doctor, Start - Duration.Epsilon, Start));
        Assert.Equal(
            StatusChangeVerdict.Allowed,
            AppointmentStatusRules.Check(AppointmentStatus.Confirmed, outcome, Actor.Admin, Start, Start));
    }

    [Fact]
    public void WrongActorBeforeStart_IsActorNotAllowedFirst() =>
        Assert.Equal(
            StatusChangeVerdict.ActorNotAllowed,
            AppointmentStatusRules.Check(AppointmentStatus.Confirmed, AppointmentStatus.NoShow, Actor.Patient, Start - Duration.FromDays(1), Start));

    [Fact]
    public void InvalidMoveBeforeStart_IsInvalidTransitionFirst() =>
        Assert.Equal(
            StatusChangeVerdict.InvalidTransition,
            AppointmentStatusRules.Check(AppointmentStatus.Requested, AppointmentStatus.Completed, Actor.Patient, Start - Duration.FromDays(1), Start));

    [Fact]
    public void CancelBeforeStart_IsAllowed() =>
        Assert.Equal(
            StatusChangeVerdict.Allowed,
            AppointmentStatusRules.Check(AppointmentStatus.Confirmed, AppointmentStatus.Cancelled, Actor.Patient, Start - Duration.FromDays(3), Start));

    [Theory]
    [InlineData(AppointmentStatus.Requested, true)]
    [InlineData(AppointmentStatus.Confirmed, true)]
    [InlineData(AppointmentStatus.Completed, false)]
    [InlineData(AppointmentStatus.NoShow, false)]
    [InlineData(AppointmentStatus.Cancelled, false)]
    public void IsActive_OnlyRequestedAndConfirmed(AppointmentStatus status, bool active) => Assert.Equal(active, status.IsActive());

    [Fact]
    public void PatientChangeExactlyAtLimit_IsAllowedAndAnInstantLaterRefused()
    {
        var limit = Duration.FromHours(24);

        Assert.True(AppointmentStatusRules.PatientMayStillChange(Start - limit, Start, limit));
        Assert.False(AppointmentStatusRules.PatientMayStillChange(Start - limit + Duration.Epsilon, Start, limit));
    }
}
