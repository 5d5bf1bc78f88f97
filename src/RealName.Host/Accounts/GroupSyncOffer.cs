using RealName.Actors.Providers;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Host.Accounts;

/// <summary>
/// Contract v2 <c>groupSync</c>: whether the sister group holds a verified account linked to this
/// one (<c>group_sync</c>, the name masked), or the enterprise station a verified enterprise
/// (<c>enterprise_sync</c>), so the hosted page can offer the seeds' one-click "Authorize now".
/// </summary>
public sealed record GroupSyncDto(bool Available, string? Method, string? Name);

/// <summary>The look-up behind <see cref="GroupSyncDto"/> on the account record.</summary>
public static class GroupSyncOffer
{
    /// <summary>A slow directory must not hold up the account record; the page then simply offers no popup.</summary>
    private static readonly TimeSpan LookUpTimeout = TimeSpan.FromSeconds(5);

    private static readonly GroupSyncDto None = new(false, null, null);

    /// <summary>
    /// The offer for an account without a personal identity; null when the directory cannot answer
    /// now (the record is still answered: detection is a convenience, never a reason to fail).
    /// </summary>
    public static Task<GroupSyncDto?> DetectAsync(AccountId account, IGroupDirectory directory, CancellationToken ct) =>
        LookUpAsync(async token =>
        {
            var linked = await directory.LinkedToAsync(account.Value, token);
            return linked is { Verified: true, Name: { } name }
                ? new GroupSyncDto(true, VerificationMethod.GroupSync.WireName(), Masking.MaskName(name))
                : None;
        }, ct);

    /// <summary>
    /// The enterprise one-click sync offer: an enterprise the group's enterprise station verified,
    /// under the same terms <c>enterprise_sync</c> takes it (a valid credit code, a name). Its name is
    /// not personal data and is shown whole, as the account record shows it.
    /// </summary>
    public static Task<GroupSyncDto?> DetectEnterpriseAsync(AccountId account, IEnterpriseDirectory directory, CancellationToken ct) =>
        LookUpAsync(async token =>
        {
            var linked = await directory.LinkedToAsync(account.Value, token);
            return linked is { Verified: true } && CreditCode.TryParse(linked.CreditCode, out _) && !string.IsNullOrWhiteSpace(linked.EnterpriseName)
                ? new GroupSyncDto(true, VerificationMethod.EnterpriseSync.WireName(), linked.EnterpriseName.Trim())
                : None;
        }, ct);

    private static async Task<GroupSyncDto?> LookUpAsync(Func<CancellationToken, Task<GroupSyncDto>> lookUp, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(LookUpTimeout);
        try
        {
            return await lookUp(timeout.Token);
        }
        catch (ProviderUnavailableException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
