// Documents: the input of every run. Uploads are all-or-nothing (see DocumentService).
import { builder } from './builder';
import { globalId, parseId } from './ids';

builder.prismaNode('Document', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    fileName: t.exposeString('fileName', { description: 'Relative name with POSIX separators, unique in the project.' }),
    sizeBytes: t.exposeInt('sizeBytes'),
    contentHash: t.exposeString('contentHash', { description: 'SHA-256 of the content, hex.' }),
    content: t.exposeString('content'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    project: t.relation('project'),
  }),
});

builder.prismaObjectFields('Project', (t) => ({
  documents: t.relation('documents', { query: { orderBy: { fileName: 'asc' } } }),
  documentCount: t.relationCount('documents'),
}));

const DocumentInput = builder.inputType('DocumentInput', {
  fields: (t) => ({
    fileName: t.string({ required: true, description: 'Relative file name, e.g. "guide/intro.md".' }),
    content: t.string({ required: true, description: 'UTF-8 text (Markdown or plain text).' }),
  }),
});

builder.mutationFields((t) => ({
  addDocuments: t.prismaField({
    type: ['Document'],
    description:
      'Adds documents, all or nothing: duplicate names, empty, oversized or binary content, or too many files refuse the whole request (BAD_USER_INPUT with details.problems).',
    args: {
      projectId: t.arg.id({ required: true }),
      documents: t.arg({ type: [DocumentInput], required: true }),
    },
    resolve: (_query, _root, args, ctx) => ctx.documents.add(parseId(args.projectId, 'Project', 'projectId'), args.documents),
  }),
  removeDocument: t.id({
    description: 'Deletes a document; returns its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => globalId('Document', (await ctx.documents.remove(parseId(id, 'Document', 'id'))).id),
  }),
}));
