using System.Security.Cryptography;
using RealName.Host.Providers.Http;

namespace RealName.Testing;

/// <summary>A production configuration the guard accepts: fresh random secrets and keys, http providers pointed where nothing answers.</summary>
public static class ProductionSettings
{
    public static string Secret(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static string Key(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public static Dictionary<string, string?> Strong()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RealName:Profile"] = "production",
            ["RealName:ApiKeys:0"] = Secret("live_key"),
            ["RealName:AppSecret"] = Secret("live_app"),
            ["RealName:FaceSecret"] = Secret("live_face"),
            ["RealName:AdminToken"] = Secret("live_admin"),
            ["RealName:EncryptionKey"] = Key(),
            ["RealName:IdKeySecret"] = Key(),
            ["RealName:Providers:Mode"] = "http",
        };
        foreach (var vendor in typeof(ProvidersSettings).GetProperties().Where(p => p.PropertyType == typeof(VendorSettings)))
            settings[$"RealName:Providers:{vendor.Name}:BaseUrl"] = "http://127.0.0.1:9/";
        return settings;
    }
}
