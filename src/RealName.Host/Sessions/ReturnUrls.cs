namespace RealName.Host.Sessions;

/// <summary>
/// <c>returnUrl</c> (contract v2): the hosted page sends the person back there at a terminal
/// status, so it must be an absolute http(s) URL of an origin the operator allowed — otherwise the
/// page would be an open redirect carrying a session id.
/// </summary>
public static class ReturnUrls
{
    public const int MaxLength = 2048;

    public static bool IsAllowed(string returnUrl, IReadOnlyCollection<string> allowedOrigins)
    {
        if (returnUrl.Length is 0 or > MaxLength || !Uri.TryCreate(returnUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
            return false;
        var origin = url.GetLeftPart(UriPartial.Authority);
        return allowedOrigins.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var a)
            && string.Equals(a.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase));
    }
}
