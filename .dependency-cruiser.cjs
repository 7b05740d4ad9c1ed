/**
 * The layers of docs/architecture.md as import rules: bot → dialogs → services → prisma, and the
 * demo seed depends on services, never the reverse. `npm run lint:deps` (CI) fails on a breach.
 */
module.exports = {
  forbidden: [
    {
      name: "edge-and-dialogs-do-not-know-prisma",
      comment: "Only services/ and prisma/ reach the database: a dialog or a route calls a service function (docs/architecture.md).",
      severity: "error",
      from: { path: "^(bot|dialogs)/" },
      to: { path: "^prisma/|@prisma/client|node_modules/pg/|node_modules/@electric-sql/" },
    },
    {
      name: "dialogs-do-not-reach-the-edge",
      comment: "Dependencies point one way: bot → dialogs → services.",
      severity: "error",
      from: { path: "^dialogs/" },
      to: { path: "^bot/|node_modules/restify/" },
    },
    {
      name: "services-know-no-bot-framework-or-http-server",
      comment: "The domain is plain TypeScript over Prisma: no botbuilder, restify, dialogs or edge.",
      severity: "error",
      from: { path: "^services/" },
      to: { path: "^(bot|dialogs)/|node_modules/(botbuilder[^/]*|restify)/" },
    },
    {
      name: "no-demo-seed-at-run-time",
      comment: "A real municipality runs without Drammen's demo data: the seed depends on services, never the reverse.",
      severity: "error",
      from: { path: "^(bot|dialogs|services|locales)/" },
      to: { path: "^prisma/seed/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^(bot|dialogs|services)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^prisma/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".json"] },
  },
};
