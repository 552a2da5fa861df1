using Analytics.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Analytics.Api.Security;

/// <summary>
/// The OpenAPI document declares the key scheme (<c>X-Api-Key</c> header) once, and each operation that needs a key
/// says so: a security requirement and, in its description, the role it needs. Operations open to anyone list none.
/// </summary>
public static class ApiKeyOpenApi
{
    public const string SchemeName = "ApiKey";

    public static void Configure(OpenApiOptions options, bool requireKeyForReading)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.Header,
                Description = "An API key, `{id}.{secret}`, created with `./analytics keys create --role reader|writer|admin`. " +
                              "Writing figures needs a writer key; definitions, retraining, keys and the audit need an admin key. " +
                              (requireKeyForReading ? "Reading needs a key of any role." : "Reading needs no key."),
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            KeyRole? needed = policies.Contains(AccessPolicies.Admin) ? KeyRole.Admin
                : policies.Contains(AccessPolicies.Write) ? KeyRole.Writer
                : policies.Contains(AccessPolicies.Read) && requireKeyForReading ? KeyRole.Reader
                : null;
            if (needed is not { } role) return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            var words = role == KeyRole.Reader ? "Needs an API key (any role)." : $"Needs an API key with role `{AccessPolicies.RoleName(role)}`.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? words : $"{operation.Description}\n\n{words}";
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No key, or a key that is unknown or revoked (ProblemDetails saying what is needed)." });
            if (role != KeyRole.Reader)
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The key's role is not enough (ProblemDetails naming the role needed)." });
            return Task.CompletedTask;
        });
    }
}
