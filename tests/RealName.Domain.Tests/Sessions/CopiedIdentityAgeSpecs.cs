using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

/// <summary>
/// The minimum age for identities the group directory hands over (one-click sync P4, associate P5):
/// the same rule as for a typed ID number, decided where the copied identity is accepted.
/// </summary>
public sealed class CopiedIdentityAgeSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly SecretHash Next = new("code-1", TimeSpan.FromMinutes(5));

    private static IdentityDetails Copied(string birth)
    {
        var body = $"110105{DateOnly.Parse(birth):yyyyMMdd}123";
        return new IdentityDetails(new Sensitive("李四"), new Sensitive(body + IdNumber.ComputeCheckCharacter(body)), "idkey",
            new Sensitive("13800138000"), null, new Sensitive("jd_group"));
    }

    private static SessionState Created(VerificationMethod method) =>
        SessionRules.Apply(SessionState.Empty, new Created(SessionId.New(), new AccountId("acc_1"), method, "req", T0, T0.AddMinutes(30)));

    private static Decision Copy(VerificationMethod method, string birth) => method == VerificationMethod.GroupSync
        ? SessionRules.Decide(Created(method), new CompleteGroupSync(Copied(birth), null, null), T0)
        : SessionRules.Decide(Created(method), new CompleteDetails(Copied(birth), null, null, Next), T0);

    [Theory]
    [InlineData(VerificationMethod.GroupSync)]
    [InlineData(VerificationMethod.Associate)]
    public void Should_refuse_a_copied_identity_of_a_person_under_eighteen_and_keep_the_session_open(VerificationMethod method)
    {
        var state = Created(method);
        var decision = Copy(method, "2010-05-01");

        Assert.Equal(ErrorCodes.BelowMinimumAge, decision.Error?.Code);
        Assert.DoesNotContain(decision.Events, e => e is IdentityAccepted);
        var after = decision.Events.Aggregate(state, SessionRules.Apply);
        Assert.Equal(SessionStatus.RequiresInput, after.Status);
        Assert.Equal(ErrorCodes.BelowMinimumAge, after.LastErrorCode);
    }

    [Theory]
    [InlineData(VerificationMethod.GroupSync, "2008-11-29", false)] // the 18th birthday itself
    [InlineData(VerificationMethod.GroupSync, "2008-11-28", true)] // the day after it
    [InlineData(VerificationMethod.Associate, "2008-11-29", false)]
    [InlineData(VerificationMethod.Associate, "1980-01-01", true)]
    public void Should_count_age_for_a_copied_identity_as_for_a_typed_one(VerificationMethod method, string birth, bool accepted)
    {
        var decision = Copy(method, birth);

        Assert.Equal(accepted, decision.Error is null);
        Assert.Equal(accepted, decision.Events.Any(e => e is IdentityAccepted));
    }
}
