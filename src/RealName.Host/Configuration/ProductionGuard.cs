namespace RealName.Host.Configuration;

/// <summary>A production node must not start with any sandbox credential: it would accept forged callbacks.</summary>
public static class ProductionGuard
{
    public static void Check(RealNameOptions options)
    {
        if (!options.IsProduction)
            return;
        var problems = new List<string>();
        if (options.ApiKeys.Length == 0 || options.ApiKeys.Any(k => k.Key == SandboxCredentials.ApiKey))
            problems.Add("RealName:ApiKeys must be set and must not contain the sandbox key");
        if (options.AppSecret == SandboxCredentials.AppSecret)
            problems.Add("RealName:AppSecret is the sandbox secret");
        if (options.FaceSecret == SandboxCredentials.FaceSecret)
            problems.Add("RealName:FaceSecret is the sandbox secret");
        if (Credentials.AdminTokens(options).Any(t => t.Token == SandboxCredentials.AdminToken))
            problems.Add("RealName:AdminToken(s) must be set and must not contain the sandbox token");
        if (string.IsNullOrEmpty(options.EncryptionKey) || string.IsNullOrEmpty(options.IdKeySecret))
            problems.Add("RealName:EncryptionKey and RealName:IdKeySecret must be configured");
        if (!options.Providers.IsHttp)
            problems.Add("RealName:Providers:Mode must be http: the sandbox providers pass any valid identity");
        if (problems.Count > 0)
            throw new InvalidOperationException("Refusing to start the production profile: " + string.Join("; ", problems) + ".");
    }
}
